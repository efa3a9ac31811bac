package io.conclave.sim;

import io.conclave.model.run.RunReport;
import java.util.ArrayList;
import java.util.List;

import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Refusal;
import io.conclave.model.run.MeetingOutcome;

/**
 * Hands the outcome of a simulated meeting to the rules (spawning.drl) when its meeting task completes:
 * the simulator holds the meeting when the task starts ({@link MeetingSimulation}) but the proposals it
 * accepted may only become tasks once the meeting is over, so the outcome is posted just before the
 * task's COMPLETE, as the live service journals {@code meeting_outcome} before it completes the task.
 */
public final class MeetingOutcomes {
    private MeetingOutcomes() {
    }

    /**
     * Posts the outcome of the meeting that held {@code taskId} (the last one held for it, as a retried
     * meeting task is held again), when there was one with at least one proposal; otherwise does nothing.
     * A refusal is a policy error of the run, as a refused report is.
     */
    public static void post(ProjectSession session, List<RunReport.MeetingLine> held, String taskId) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).taskId().equals(taskId)) {
                post(session, held.get(i));
                return;
            }
        }
    }

    /** Posts the outcome of one simulated meeting, when it had at least one proposal. */
    public static void post(ProjectSession session, RunReport.MeetingLine line) {
        if (line.proposals().isEmpty()) {
            return;
        }
        MeetingOutcome outcome = of(line);
        Refusal refusal = session.post(outcome, outcome.toString());
        if (refusal != null) {
            throw new CommandException(CommandException.Kind.POLICY, "not_handled", "policy "
                    + session.policy().version() + " refused the " + outcome + " during the simulated run: "
                    + refusal.getReason());
        }
    }

    /** The outcome of a simulated meeting: its proposals in posted order with their outcomes. */
    static MeetingOutcome of(RunReport.MeetingLine line) {
        List<MeetingOutcome.Item> items = new ArrayList<>();
        for (RunReport.ProposalLine p : line.proposals()) {
            items.add(MeetingOutcome.Item.of(p.proposalId(), p.title(), p.details(), p.proposer(), p.outcome()));
        }
        return new MeetingOutcome(line.taskId(), line.meetingId(), items, true);
    }
}
