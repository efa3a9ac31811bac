package io.conclave.model.command;

import java.util.List;

import io.conclave.model.run.MeetingOutcome;

/**
 * The meeting that held a meeting task closed: its proposals in posting order with their outcomes, for
 * the spawning rules. The hints in a proposal's details are read again on replay, so replay decides the same.
 */
public record RecordMeetingOutcome(String taskId, String meetingId, List<Proposal> proposals) implements ProjectCommand {
    public static final String TYPE = "meeting_outcome";

    /** One proposal as the journal holds it. */
    public record Proposal(String proposalId, String title, String details, String proposer, String outcome) {
    }

    public RecordMeetingOutcome {
        proposals = proposals == null ? List.of() : List.copyOf(proposals);
    }

    /** The command for an outcome the engine or the simulator put together. */
    public static RecordMeetingOutcome of(MeetingOutcome outcome) {
        return new RecordMeetingOutcome(outcome.getMeetingTaskId(), outcome.getMeetingId(), outcome.getItems().stream()
                .map(i -> new Proposal(i.proposalId(), i.title(), i.details(), i.proposer(), i.outcome())).toList());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The fact the spawning rules decide on. */
    public MeetingOutcome toFact() {
        return new MeetingOutcome(taskId, meetingId, proposals.stream()
                .map(p -> MeetingOutcome.Item.of(p.proposalId(), p.title(), p.details(), p.proposer(), p.outcome()))
                .toList());
    }
}
