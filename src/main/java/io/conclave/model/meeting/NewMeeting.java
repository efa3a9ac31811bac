package io.conclave.model.meeting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.conclave.model.Problem;
import io.conclave.model.command.Checked;
import io.conclave.model.command.SafeId;
import io.conclave.model.command.Text;

/**
 * The body of a create-meeting request, as the client writes it; {@link #toSpec} makes it the {@link MeetingSpec}
 * the create command journals. The creator and the facilitator are invited even when the participant list leaves
 * them out; the protocol's bounds (fault tolerance, quorum) depend on how many agents that invites.
 */
public record NewMeeting(@SafeId(optional = true) String meetingId,
                         @Text(max = 200, required = true) String topic,
                         @Text(max = 2000) String goal,
                         @AgentId(text = true) String creator,
                         @AgentId(optional = true) String facilitator,
                         @SafeId(optional = true) String projectId,
                         @SafeId(optional = true) String taskId,
                         @NotNull(message = "is required (the invited agents)")
                         @Size(max = MAX_PARTICIPANTS, message = "at most " + MAX_PARTICIPANTS + " participants")
                         List<String> participants,
                         @Valid ProtocolBody protocol,
                         @Valid SlotBody slot) implements Checked {
    /** The most agents one meeting invites. */
    public static final int MAX_PARTICIPANTS = 1000;

    /**
     * How the meeting decides ({@link Protocol}); an absent field takes its default. {@code fault_tolerance} applies
     * to the bft threshold only (default: the most faults the invited agents tolerate, n >= 3f + 1).
     */
    public record ProtocolBody(@MeetingTerm(MeetingTerm.Of.THRESHOLD) String threshold, Integer faultTolerance,
                               Integer quorum, @TimeLimit Double discussionMinutes, @TimeLimit Double votingMinutes,
                               @TimeLimit Double archiveAfterMinutes) {
        /** The threshold named, majority when none is. */
        Threshold thresholdOrDefault() {
            return threshold == null ? Threshold.MAJORITY : Threshold.parse(threshold);
        }
    }

    /** A negotiated time: a date, "HH:MM" start and end, and how it was found. */
    public record SlotBody(@Text(max = 10, required = true) String date, @Text(max = 5, required = true) String startTime,
                           @Text(max = 5, required = true) String endTime, @Text(max = 2000) String note) {
    }

    /** The agents invited, in invitation order: the participants, then the creator and the facilitator. */
    public List<String> invited() {
        Set<String> invited = new LinkedHashSet<>();
        for (String p : participants == null ? List.<String>of() : participants) {
            if (AgentId.Check.problem(p) == null) {
                invited.add(p);
            }
        }
        for (String agent : new String[] {creator, facilitator}) {
            if (agent != null && AgentId.Check.problem(agent) == null) {
                invited.add(agent);
            }
        }
        return List.copyOf(invited);
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        if (taskId != null && projectId == null) {
            problems.add(new Problem("$.task_id", "a task_id needs the project_id of its project"));
        }
        // each participant is an agent id (AgentId's rule), once; judged here in one pass rather than by an element
        // constraint, which would word and place a violation per element of a hostile list of thousands
        Set<String> seen = new HashSet<>();
        for (int i = 0; participants != null && i < participants.size(); i++) {
            String p = participants.get(i);
            String problem = AgentId.Check.problem(p);
            if (problem != null || !seen.add(p)) {
                problems.add(new Problem("$.participants[" + i + "]", problem != null ? problem : "'" + p + "' is listed twice"));
            }
        }
        if (protocol != null) {
            int n = invited().size();
            boolean faultsInRange = bound(protocol.faultTolerance(), "fault_tolerance", 0, Math.max(0, n - 1), problems);
            if (protocol.faultTolerance() != null && faultsInRange && protocol.thresholdOrDefault() != Threshold.BFT) {
                problems.add(new Problem("$.protocol.fault_tolerance", "applies only to the bft threshold"));
            }
            bound(protocol.quorum(), "quorum", 1, Math.max(1, n), problems);
        }
        return problems;
    }

    /** False, with the problem, when a given whole number is outside {@code min..max}. */
    private static boolean bound(Integer value, String field, int min, int max, List<Problem> problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(new Problem("$.protocol." + field, "must be a whole number from " + min + " to " + max
                    + " (the invited agents bound it), not " + value));
            return false;
        }
        return true;
    }

    /** The spec a valid request makes: its id, or {@code newId}'s when it names none. */
    public MeetingSpec toSpec(Supplier<String> newId) {
        List<String> invited = invited();
        Protocol p = Protocol.defaults();
        if (protocol != null) {
            Threshold threshold = protocol.thresholdOrDefault();
            Integer f = protocol.faultTolerance();
            if (threshold == Threshold.BFT && f == null) {
                f = (invited.size() - 1) / 3; // the most faults n agents tolerate: n >= 3f + 1
            }
            p = new Protocol(threshold, f, protocol.quorum(), protocol.discussionMinutes(), protocol.votingMinutes(),
                    protocol.archiveAfterMinutes() != null ? protocol.archiveAfterMinutes()
                            : Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES);
        }
        MeetingSpec.Slot s = slot == null ? null
                : new MeetingSpec.Slot(slot.date(), slot.startTime(), slot.endTime(), slot.note());
        return new MeetingSpec(meetingId != null ? meetingId : newId.get(), topic, goal, creator, facilitator, invited, p,
                projectId, taskId, s);
    }
}
