package io.conclave.model.conflict;

import java.util.List;

import io.conclave.model.Fact;

/**
 * The parties of a goal conflict the rules asked to propose (rules/coordination/goal_conflict_requests.drl), once
 * per conflict: the chapter's resolver asks every agent of the conflict to propose a compromise. The asking is the
 * decision on the ledger; this fact only keeps a conflict from being asked twice.
 */
public final class ProposalRequest implements Fact {
    private final String conflictId;
    private final List<String> asked;

    public ProposalRequest(String conflictId, List<String> asked) {
        this.conflictId = conflictId;
        this.asked = List.copyOf(asked);
    }

    public String getConflictId() { return conflictId; }
    /** The parties asked, in the order the conflict names them. */
    public List<String> getAsked() { return asked; }

    @Override
    public String factKey() {
        return conflictId;
    }

    @Override
    public String describe() {
        return "proposals of goal conflict " + conflictId + " asked of " + asked;
    }
}
