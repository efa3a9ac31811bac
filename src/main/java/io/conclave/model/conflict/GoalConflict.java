package io.conclave.model.conflict;

import java.util.List;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * A goal conflict of a project: agents propose competing options for the same decision until the
 * rules resolve it (every named party proposed, or an agent asked). Rules count its proposals, mark
 * it for resolution and record the ranked options and the winner.
 */
// derived properties (open, resolutionRequested) change with the fields: re-evaluate every pattern on modify
@ClassReactive
public class GoalConflict implements Fact {
    private final String conflictId;
    private final String topic;
    private final String openedBy;
    private final List<String> parties;
    private int proposals;
    private String resolutionTrigger;
    private String resolvedBy;
    private String winner;
    private List<ConflictOption> options = List.of();

    public GoalConflict(String conflictId, String topic, String openedBy, List<String> parties) {
        this.conflictId = conflictId;
        this.topic = topic;
        this.openedBy = openedBy;
        this.parties = List.copyOf(parties);
    }

    /** Counts one more proposal and returns its number. */
    public int nextProposal() {
        return ++proposals;
    }

    /** Marks the conflict for resolution, saying why ("every party proposed", "alice asked") and who asked. */
    public void requestResolution(String trigger, String agentId) {
        resolutionTrigger = trigger;
        resolvedBy = agentId;
    }

    /** Records the ranked options; the first is the winner. */
    public void resolve(List<ConflictOption> ranked) {
        options = List.copyOf(ranked);
        winner = ranked.isEmpty() ? null : ranked.get(0).option();
    }

    public String getConflictId() { return conflictId; }
    public String getTopic() { return topic; }
    public String getOpenedBy() { return openedBy; }
    /** The agents the conflict is between, as named by its first proposal; empty when open to any agent. */
    public List<String> getParties() { return parties; }
    public boolean isNamingParties() { return !parties.isEmpty(); }
    public int getProposals() { return proposals; }
    public String getResolutionTrigger() { return resolutionTrigger; }
    /** The agent who asked for the resolution, or null when the rules resolved it on their own. */
    public String getResolvedBy() { return resolvedBy; }
    public boolean isResolutionRequested() { return resolutionTrigger != null; }
    public String getWinner() { return winner; }
    public boolean isOpen() { return winner == null; }
    public List<ConflictOption> getOptions() { return options; }

    @Override
    public String factKey() {
        return conflictId;
    }

    @Override
    public String describe() {
        return "goal conflict " + conflictId + " [" + (isOpen() ? "open" : "resolved: '" + winner + "'") + ", "
                + proposals + " proposal(s)" + (parties.isEmpty() ? "" : ", parties " + parties) + "]";
    }
}
