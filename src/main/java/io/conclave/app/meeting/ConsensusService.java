package io.conclave.app.meeting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.conclave.model.CommandException;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.command.Checked;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.command.JoinMeeting;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.SafeId;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.meeting.Threshold;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;
import io.conclave.app.followup.FollowUps;
import io.conclave.app.followup.OwnerCommands;

/**
 * Consensus among agents of a project, held as a meeting with the bft threshold: the
 * proposer creates it, joins, puts the proposal on the table and opens the vote, all through the
 * meeting's journaled commands; the voters then join and vote through the meeting API, and
 * rules/meetings/consensus.drl commits or aborts. This class only checks input and reads the outcome.
 * <p>
 * The project's node opens it (it knows the agents); the meeting's commands go through {@link OwnerCommands},
 * so in a cluster they run on the node that serves the meeting, in the proposer's name. Their keys are those of
 * this one request: a retry of a step is recognised, while opening the same consensus id again is refused
 * ({@code meeting_exists}) as on one node.
 */
@ApplicationScoped
public class ConsensusService {
    /** The id of the proposal in every consensus meeting. */
    public static final String PROPOSAL_ID = "consensus";

    private final MeetingRegistry meetings;
    private final ProjectRegistry projects;
    private final Checks checks;
    private final FollowUps commands;

    public ConsensusService(Engine engine, Checks checks, FollowUps commands) {
        this.meetings = engine.meetings();
        this.projects = engine.projects();
        this.checks = checks;
        this.commands = commands;
    }

    /** A consensus as opened: its id and its view (a {@link ConsensusView}, or the serving node's JSON of one). */
    public record Opened(String consensusId, Object view) {
    }

    /** What a reader sees of one consensus: the meeting's state, the votes so far, and the outcome with its tally. */
    public record ConsensusView(String consensusId, String projectId, String proposer, String title, String proposalId,
                                List<String> voters, Integer faultTolerance, String state, String outcome,
                                MeetingSnapshot.Votes votesSoFar, io.conclave.model.meeting.Tally tally, String reason,
                                String rule, String votesUrl) {
    }

    /**
     * What opens a consensus: the proposer ({@code agent_id}), the proposal, the voters it is put to, the
     * faulty voters tolerated ({@code fault_tolerance}, f with 0 <= f < n), how long voting lasts, and an
     * id (one is given when none is named).
     */
    public record OpenConsensus(
            @SafeId(optional = true) String consensusId,
            @SafeId String agentId,
            @NotBlank(message = "is required") @Size(max = 200, message = "is {max} characters at most") String title,
            @Pattern(regexp = ".*\\S.*", flags = Pattern.Flag.DOTALL, message = "must not be blank")
            @Size(max = 2000, message = "is {max} characters at most") String details,
            @NotEmpty(message = "is required (the agents the proposal is put to)") List<@SafeId String> voters,
            @NotNull(message = "is required (f, the faulty voters tolerated)")
            @PositiveOrZero(message = "must be 0 or more, was ${validatedValue}") Integer faultTolerance,
            @Positive(message = "must be a number of minutes above 0 and at most a year")
            @DecimalMax(value = "525600", message = "must be a number of minutes above 0 and at most a year")
            Double votingMinutes) implements Checked {

        @Override
        public List<Problem> crossFieldProblems() {
            List<Problem> problems = new ArrayList<>();
            if (voters == null || agentId == null) {
                return problems; // reported as missing
            }
            for (int i = 0; i < voters.size(); i++) {
                String v = voters.get(i);
                if (v == null) {
                    problems.add(new Problem("$.voters[" + i + "]", "must be an agent id, not null"));
                } else if (voters.indexOf(v) < i) {
                    problems.add(new Problem("$.voters[" + i + "]", "'" + v + "' is listed twice"));
                } else if (v.equals(agentId)) {
                    problems.add(new Problem("$.voters[" + i + "]", "the proposer does not vote on its own proposal"));
                }
            }
            if (faultTolerance != null && faultTolerance >= Math.max(voters.size(), 1)) {
                problems.add(new Problem("$.fault_tolerance", "must be a whole number with 0 <= f < n = "
                        + voters.size() + " (the voters), not " + faultTolerance));
            }
            return problems;
        }
    }

    /** Opens a consensus among agents of the project: a bft meeting with the proposal put to the vote. */
    public synchronized Opened open(Caller caller, String projectId, OpenConsensus body) {
        Checks.id(projectId, "project_id");
        OpenConsensus request = checks.valid(body, "the request");
        caller.actAs(request.agentId());
        Set<String> agents = new HashSet<>(projects.get(projectId).read(s -> s.agents().stream()
                .map(a -> a.getAgentId()).toList()));
        List<Problem> problems = new ArrayList<>();
        if (!agents.contains(request.agentId())) {
            problems.add(new Problem("$.agent_id", "unknown agent '" + request.agentId() + "' of project " + projectId));
        }
        for (int i = 0; i < request.voters().size(); i++) {
            if (!agents.contains(request.voters().get(i))) {
                problems.add(new Problem("$.voters[" + i + "]", "unknown agent '" + request.voters().get(i)
                        + "' of this project"));
            }
        }
        long n = request.voters().stream().filter(agents::contains).count();
        if (n < request.voters().size() && request.faultTolerance() >= Math.max(n, 1)) {
            problems.add(new Problem("$.fault_tolerance", "must be a whole number with 0 <= f < n = " + n
                    + " (the voters of this project), not " + request.faultTolerance()));
        }
        if (!problems.isEmpty()) {
            throw Checks.invalid(problems);
        }
        String proposer = request.agentId();
        List<String> voters = request.voters();
        List<String> participants = new ArrayList<>();
        participants.add(proposer);
        participants.addAll(voters);
        // this request's own keys: a step sent again is recognised; another request for the same id is refused
        String keys = "project:" + projectId + ":consensus:" + java.util.UUID.randomUUID() + ":";
        String id = null;
        for (int k = 1; id == null; k++) {
            String candidate = request.consensusId() != null ? request.consensusId() : nextId(projectId, k);
            try {
                commands.send(new OwnerCommands.FollowUp("meeting", candidate, CreateMeeting.of(new MeetingSpec(candidate,
                        request.title(), "consensus: commits with at least n - f accepts of the " + voters.size()
                        + " voters", proposer, null, participants, new Protocol(Threshold.BFT, request.faultTolerance(),
                        null, null, request.votingMinutes(), Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES), projectId, null,
                        null)), proposer, keys + "create", null));
                id = candidate;
            } catch (CommandException e) {
                // a generated id that another node's meeting holds: the next one; a named id is the client's to change
                if (request.consensusId() != null || !"meeting_exists".equals(e.code()) || k >= 1000) {
                    throw e;
                }
            }
        }
        send(id, new JoinMeeting(proposer), proposer, keys + "join");
        send(id, PostToMeeting.proposal(proposer, PROPOSAL_ID, request.title(), request.details()), proposer,
                keys + "proposal");
        send(id, PostToMeeting.stateChange(proposer, "voting", "consensus opened: the " + voters.size()
                + " voters vote now"), proposer, keys + "voting");
        com.fasterxml.jackson.databind.JsonNode elsewhere = commands.readElsewhere("meeting", id,
                "/api/projects/" + projectId + "/consensus/" + id);
        return new Opened(id, elsewhere != null ? elsewhere : get(caller, projectId, id));
    }

    private void send(String meetingId, io.conclave.model.command.MeetingCommand command, String actor, String key) {
        commands.send(new OwnerCommands.FollowUp("meeting", meetingId, command, actor, key, null));
    }

    public ConsensusView get(Caller caller, String projectId, String consensusId) {
        Checks.id(projectId, "project_id");
        Checks.id(consensusId, "consensus_id");
        MeetingRuntime rt;
        try {
            rt = meetings.get(consensusId);
        } catch (CommandException e) {
            throw notFound(projectId, consensusId);
        }
        return rt.read(v -> {
            MeetingSnapshot s = v.snapshot();
            if (!caller.sees(s.manifest().projectId(), s.participants().stream()
                    .map(MeetingSnapshot.ParticipantEntry::agentId).toList())) {
                throw notFound(projectId, consensusId);
            }
            if (!projectId.equals(s.manifest().projectId()) || s.manifest().protocol().threshold() != Threshold.BFT
                    || s.agenda().proposals().stream().noneMatch(p -> p.proposalId().equals(PROPOSAL_ID))) {
                throw notFound(projectId, consensusId);
            }
            MeetingSnapshot.ProposalEntry p = s.agenda().proposals().stream()
                    .filter(x -> x.proposalId().equals(PROPOSAL_ID)).findFirst().orElseThrow();
            MeetingDecision decided = v.ledger().stream().filter(d -> d.getKind() == MeetingDecisionKind.PROPOSAL_DECIDED)
                    .filter(d -> PROPOSAL_ID.equals(d.getProposalId())).findFirst().orElse(null);
            List<String> voters = s.participants().stream().map(MeetingSnapshot.ParticipantEntry::agentId)
                    .filter(a -> !a.equals(p.proposer())).toList();
            String outcome = switch (p.status()) {
                case ACCEPTED -> "committed";
                case REJECTED -> "aborted";
                default -> "pending";
            };
            return new ConsensusView(consensusId, projectId, p.proposer(), p.title(), PROPOSAL_ID, voters,
                    s.manifest().protocol().faultTolerance(), s.manifest().state().json(), outcome, p.votes(), p.tally(),
                    decided == null ? null : decided.getReason(), decided == null ? null : decided.getRule(),
                    "/api/meetings/" + consensusId + "/votes");
        });
    }

    /** The first free consensus id from the {@code from}-th on, as far as this node knows its meetings. */
    private String nextId(String projectId, int from) {
        Set<String> taken = new HashSet<>();
        meetings.all().forEach(rt -> taken.add(rt.meetingId()));
        for (int k = from; ; k++) {
            String id = Ids.orDigest(projectId + ".consensus-" + k, "consensus-");
            if (!taken.contains(id)) {
                return id;
            }
        }
    }

    private static CommandException notFound(String projectId, String consensusId) {
        return new CommandException(CommandException.Kind.NOT_FOUND, "consensus_not_found",
                "project " + projectId + " has no consensus '" + consensusId + "'");
    }
}
