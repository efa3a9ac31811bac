package io.conclave.model.meeting;

import java.time.Instant;
import java.util.List;

/**
 * A meeting as readers see it, and as its mailbox files hold it: the manifest, the participants
 * (with what they voted on) and the agenda (items and proposals with their status and count).
 */
public record MeetingSnapshot(Manifest manifest, List<ParticipantEntry> participants, Agenda agenda) {

    /**
     * manifest.json: the meeting's metadata as the meeting protocol's manifest holds it (topic, creator,
     * participants, state, facilitator, creation time, protocol). {@code participants}: every agent invited
     * to or taking part in the meeting, in the order they became participants (their status is in
     * participants.json). {@code timeLimit}: when the current state's time limit passes, if it has one.
     */
    public record Manifest(String meetingId, String topic, String goal, String creator, List<String> participants,
                           String facilitator,
                           String chair, MeetingState state, Instant stateSince, Instant timeLimit, Instant createdAt,
                           Protocol protocol, int quorumNeeded, String projectId, String taskId, MeetingSpec.Slot slot,
                           String policyVersion, int messageCount) {
    }

    /** One line of participants.json. */
    public record ParticipantEntry(String agentId, ParticipantStatus status, boolean attended, List<String> votedOn) {
    }

    /** agenda.json: the agenda items posted, then the proposals. */
    public record Agenda(List<AgendaItem> items, List<ProposalEntry> proposals) {
    }

    public record AgendaItem(String messageId, String agentId, String title, String details) {
    }

    /**
     * A proposal with its status; {@code votes} counts the ballots of active participants so far, and
     * {@code tally} is the count that decided it (null while it is open).
     */
    public record ProposalEntry(String proposalId, String title, String details, String proposer, String messageId,
                                ProposalStatus status, Votes votes, Tally tally) {
    }

    public record Votes(int yes, int no, int abstain) {
    }
}
