package io.conclave.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.definition.type.ClassReactive;

/**
 * The contract of one contract-net task: the current call for proposals (round, invited
 * agents in roster order, bid deadline on the project clock), the answers received in arrival order,
 * and the award. One fact per task, never one per agent: an agent's pending calls are derived from it.
 * Every change is made by the rules of {@code contract_net*.drl}.
 */
// derived properties (due, allAnswered, bidCount) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class Announcement implements Fact {
    /** One answer to the call: a bid (cost, optional confidence) or a decline; {@code agent} is read for capacity at the award. */
    public record Offer(String agentId, Double cost, Double confidence, boolean decline, @com.fasterxml.jackson.annotation.JsonIgnore Agent agent)
            implements Described {
        public String getAgentId() { return agentId; }

        /** The answer by its values; the agent by its id (its workload is the agent fact's own description). */
        @Override
        public String describe() {
            return decline ? "decline of " + agentId : "offer of " + agentId + " (cost " + cost
                    + (confidence == null ? "" : ", confidence " + confidence) + ")";
        }
    }

    private final String taskId;
    private int round;
    private List<String> invited = List.of();
    private Set<String> invitedSet = Set.of();
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    /** The offers in arrival order (the award and the ledger read them all, a thousand a call). */
    private final List<Offer> arrivals = new ArrayList<>();
    private boolean open;
    private long openedAt;
    private long deadline;
    private String awardedTo;
    private String outcome;
    /** Bids (not declines) among the offers, kept as they arrive: rules read it on every answer. */
    private int bidCount;

    public Announcement(String taskId) {
        this.taskId = taskId;
    }

    public String getTaskId() { return taskId; }
    /** Announcements since the task was last awarded (or announced on request): 1 for the first call. */
    public int getRound() { return round; }
    public List<String> getInvited() { return invited; }
    public boolean isOpen() { return open; }
    public long getOpenedAt() { return openedAt; }
    public long getDeadline() { return deadline; }
    public String getAwardedTo() { return awardedTo; }
    /** How the last call ended, in words (null while it is open or before the first). */
    public String getOutcome() { return outcome; }

    /** Every answer of the current (or last) call in arrival order. */
    public List<Offer> getOffers() { return Collections.unmodifiableList(arrivals); }

    public boolean isInvited(String agentId) { return invitedSet.contains(agentId); }
    public boolean hasAnswered(String agentId) { return offers.containsKey(agentId); }
    /** The agents that answered the current call (a bid or a decline), in the order they answered. */
    public Set<String> getAnsweredBy() { return Collections.unmodifiableSet(offers.keySet()); }
    public boolean isAllAnswered() { return offers.size() == invited.size(); }

    /** True while the call is open and this agent was invited and has not answered. */
    public boolean isPendingFor(String agentId) { return open && isInvited(agentId) && !hasAnswered(agentId); }

    /** Bids (not declines) received in the current call. */
    public int getBidCount() { return bidCount; }

    /** Answers (bids and declines) received in the current call. */
    public int getAnswered() { return offers.size(); }

    /** True when the open call may be decided: everyone invited answered, or the deadline is reached at {@code now}. */
    public boolean isDue(long now) {
        return open && (isAllAnswered() || deadline <= now);
    }

    /** Opens a new call to {@code agentIds}; a task awarded before starts counting rounds again. */
    public void open(List<String> agentIds, long now, long deadline) {
        if (awardedTo != null) {
            round = 0;
            awardedTo = null;
        }
        round++;
        invited = List.copyOf(agentIds);
        invitedSet = new HashSet<>(agentIds);
        offers.clear();
        arrivals.clear();
        bidCount = 0;
        open = true;
        openedAt = now;
        this.deadline = deadline;
        outcome = null;
    }

    public void recordBid(Bid bid, Agent agent) {
        bidCount += bid.isDecline() ? 0 : 1;
        Offer offer = new Offer(bid.getAgentId(), bid.getCost(), bid.getConfidence(), bid.isDecline(), agent);
        Offer before = offers.put(bid.getAgentId(), offer);
        if (before == null) {
            arrivals.add(offer);
        } else { // a second answer takes the first one's place, as a map keeps its order
            bidCount -= before.decline() ? 0 : 1;
            arrivals.set(arrivals.indexOf(before), offer);
        }
    }

    /** Closes the call without an award. */
    public void close(String why) {
        open = false;
        outcome = why;
    }

    public void award(String agentId, String why) {
        open = false;
        awardedTo = agentId;
        outcome = why;
    }

    /** The next call is counted as the first (a task that waited, or one announced again on request). */
    public void resetRounds() {
        round = 0;
    }

    @Override
    public String factKey() {
        return taskId;
    }

    @Override
    public String describe() {
        return "call for proposals on " + taskId + " [round " + round + ", " + (open ? "open" : "closed") + ", "
                + offers.size() + "/" + invited.size() + " answered" + (awardedTo == null ? "" : ", awarded to " + awardedTo) + "]";
    }
}
