package io.conclave.model.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kie.api.definition.type.ClassReactive;

/**
 * The members who could answer one message (in join order), and why each other member was passed
 * over. Built by a rule of rules/conversations/turns.drl for each message; the strategy rules choose from it.
 */
// the candidates change when the loop guard excludes one: re-evaluate every pattern on modify
@ClassReactive
public class TurnField {
    private final TurnRequest request;
    private final List<Member> members;
    private final List<Member> candidates;
    private final Map<String, String> passedOver;

    /** @param members every member, present or not, in join order */
    public TurnField(TurnRequest request, List<Member> members, List<Member> candidates, Map<String, String> passedOver) {
        this.request = request;
        this.members = List.copyOf(members);
        this.candidates = new ArrayList<>(candidates);
        this.passedOver = new TreeMap<>(passedOver);
    }

    public TurnRequest getRequest() { return request; }
    /** Every member, in join order. */
    public List<Member> getMembers() { return members; }
    public List<Member> getCandidates() { return candidates; }
    /** Agent id to the reason it may not answer this message, by agent id. */
    public Map<String, String> getPassedOver() { return passedOver; }
    public boolean hasCandidates() { return !candidates.isEmpty(); }

    /** The candidates' agent ids, in the candidates' order. */
    public List<String> getCandidateIds() {
        return candidates.stream().map(Member::getAgentId).toList();
    }

    public boolean isCandidate(String agentId) {
        return candidate(agentId) != null;
    }

    /** The candidate with this id, or null. */
    public Member candidate(String agentId) {
        for (Member m : candidates) {
            if (m.getAgentId().equals(agentId)) {
                return m;
            }
        }
        return null;
    }

    /** Takes a candidate out of the field, with the reason. */
    public void exclude(String agentId, String why) {
        candidates.removeIf(m -> m.getAgentId().equals(agentId));
        passedOver.put(agentId, why);
    }

    /** How many of the member's capabilities are among the message's topics. */
    public int matches(Member m) {
        return m.matches(request.getTopics());
    }

    /** True when some candidate has a capability among the message's topics. */
    public boolean isAnyMatch() {
        for (Member m : candidates) {
            if (matches(m) > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "field of message " + request.getSeq() + ": " + candidates.size() + " candidate(s), "
                + passedOver.size() + " passed over";
    }
}
