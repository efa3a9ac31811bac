package io.conclave.model.scheduling;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rules decided for one negotiation: the chosen option and the next best ones, or, when no
 * slot has enough participants, the option that came closest. Like project decisions, the engine stamps
 * it with the rule that inserted it, the policy version and the facts that rule matched.
 */
public final class SlotDecision {
    private final String negotiationId;
    private final SlotOption chosen;
    private final SlotOption closest;
    private final List<SlotOption> runnersUp;
    private final int candidates;
    private final int feasible;
    private final String order;
    private final String reason;
    private String rule;
    private String policyVersion;
    private List<String> matchedFacts = List.of();

    private SlotDecision(String negotiationId, SlotOption chosen, SlotOption closest, List<SlotOption> runnersUp,
                         int candidates, int feasible, String order, String reason) {
        this.negotiationId = negotiationId;
        this.chosen = chosen;
        this.closest = closest;
        this.runnersUp = List.copyOf(runnersUp);
        this.candidates = candidates;
        this.feasible = feasible;
        this.order = order;
        this.reason = reason;
    }

    /** The first of {@code ranked} is chosen, the rest are its runners-up; {@code order} says how they were ranked. */
    public static SlotDecision chosen(Negotiation n, List<?> ranked, int candidates, int feasible, String order,
                                      String reason) {
        List<SlotOption> options = ranked.stream().map(SlotOption.class::cast).toList();
        return new SlotDecision(n.getId(), options.get(0), null, options.subList(1, options.size()), candidates,
                feasible, order, reason);
    }

    /** No slot has enough participants; {@code closest} (null without candidates) came nearest. */
    public static SlotDecision impossible(Negotiation n, SlotOption closest, int candidates, String order, String reason) {
        return new SlotDecision(n.getId(), null, closest, List.of(), candidates, 0, order, reason);
    }

    public String getNegotiationId() { return negotiationId; }
    public SlotOption getChosen() { return chosen; }
    public SlotOption getClosest() { return closest; }
    public List<SlotOption> getRunnersUp() { return runnersUp; }
    public int getCandidates() { return candidates; }
    public int getFeasible() { return feasible; }
    public String getOrder() { return order; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }
    public String getPolicyVersion() { return policyVersion; }
    public List<String> getMatchedFacts() { return matchedFacts; }

    /** The names of the meetings the chosen option takes someone away from. */
    public Set<String> getDisplacedMeetings() {
        Set<String> names = new LinkedHashSet<>();
        if (chosen != null) {
            chosen.getDisplaced().forEach(d -> names.add(d.meeting()));
        }
        return names;
    }

    /** Called by the engine as the rule inserts it. */
    public void stamp(String rule, String policyVersion, List<String> matchedFacts) {
        this.rule = rule;
        this.policyVersion = policyVersion;
        this.matchedFacts = List.copyOf(matchedFacts);
    }

    @Override
    public String toString() {
        return "decision for " + negotiationId + ": " + (chosen != null ? chosen : "no slot");
    }
}
