package io.conclave.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.MeetingRegistry;
import io.conclave.engine.MeetingRuntime;
import io.conclave.engine.ProjectRegistry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.meeting.Threshold;

/**
 * Consensus among agents of a project, held as a meeting with the bft threshold: the
 * proposer creates it, joins, puts the proposal on the table and opens the vote, all through the
 * meeting's journaled commands; the voters then join and vote through the meeting API, and
 * rules/meetings/consensus.drl commits or aborts. This class only checks input and reads the outcome.
 */
@ApplicationScoped
public class ConsensusService {
    /** The id of the proposal in every consensus meeting. */
    public static final String PROPOSAL_ID = "consensus";
    private static final Set<String> FIELDS = Set.of("consensus_id", "agent_id", "title", "details", "voters",
            "fault_tolerance", "voting_minutes");

    private final MeetingRegistry meetings;
    private final ProjectRegistry projects;

    public ConsensusService(Engine engine) {
        this.meetings = engine.meetings();
        this.projects = engine.projects();
    }

    /** What a reader sees of one consensus: the meeting's state, the votes so far, and the outcome with its tally. */
    public record ConsensusView(String consensusId, String projectId, String proposer, String title, String proposalId,
                                List<String> voters, Integer faultTolerance, String state, String outcome,
                                MeetingSnapshot.Votes votesSoFar, io.conclave.model.meeting.Tally tally, String reason,
                                String rule, String votesUrl) {
    }

    /** {@code { agent_id, title, details?, voters[], fault_tolerance, voting_minutes?, consensus_id? }}. */
    public synchronized ConsensusView open(String projectId, JsonNode body) {
        ProjectService.checkId(projectId, "project_id");
        Set<String> agents = new HashSet<>(projects.get(projectId).read(s -> s.agents().stream()
                .map(a -> a.getAgentId()).toList()));
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ConflictService.invalid(List.of(new Problem("$", "the request must be a JSON object")));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problems.add(new Problem("$." + f, "is not a field here; known fields: " + new TreeSet<>(FIELDS)));
            }
        }
        String proposer = ConflictService.agent(body, problems);
        if (proposer != null && !agents.contains(proposer)) {
            problems.add(new Problem("$.agent_id", "unknown agent '" + proposer + "' of project " + projectId));
        }
        String title = ConflictService.text(body, "title", true, 200, problems);
        String details = ConflictService.text(body, "details", false, ConflictService.MAX_TEXT, problems);
        List<String> voters = voters(body.get("voters"), proposer, agents, problems);
        Integer f = faultTolerance(body.get("fault_tolerance"), voters.size(), problems);
        Double minutes = null;
        JsonNode m = body.get("voting_minutes");
        if (m != null && !m.isNull()) {
            if (!m.isNumber() || m.asDouble() <= 0 || m.asDouble() > 525_600) {
                problems.add(new Problem("$.voting_minutes", "must be a number of minutes above 0 and at most a year"));
            } else {
                minutes = m.asDouble();
            }
        }
        String id = null;
        if (body.hasNonNull("consensus_id")) {
            JsonNode c = body.get("consensus_id");
            String p = c.isTextual() ? Ids.problem(c.asText()) : "must be a string";
            if (p != null) {
                problems.add(new Problem("$.consensus_id", p));
            } else {
                id = c.asText();
            }
        }
        if (!problems.isEmpty()) {
            throw ConflictService.invalid(problems);
        }
        if (id == null) {
            id = nextId(projectId);
        }
        List<String> participants = new ArrayList<>();
        participants.add(proposer);
        participants.addAll(voters);
        meetings.create(new MeetingSpec(id, title, "consensus: commits with at least n - f accepts of the "
                + voters.size() + " voters", proposer, null, participants,
                new Protocol(Threshold.BFT, f, null, null, minutes, Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES),
                projectId, null, null), proposer);
        MeetingRuntime rt = meetings.get(id);
        rt.join(proposer);
        ObjectNode proposal = JsonNodeFactory.instance.objectNode().put("message_type", MessageSchema.PROPOSAL)
                .put("agent_id", proposer).put("proposal_id", PROPOSAL_ID).put("title", title);
        if (details != null) {
            proposal.put("details", details);
        }
        rt.post(proposal);
        rt.post(JsonNodeFactory.instance.objectNode().put("message_type", MessageSchema.STATE_CHANGE)
                .put("agent_id", proposer).put("new_state", "voting")
                .put("reason", "consensus opened: the " + voters.size() + " voters vote now"));
        return get(projectId, id);
    }

    public ConsensusView get(String projectId, String consensusId) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(consensusId, "consensus_id");
        MeetingRuntime rt;
        try {
            rt = meetings.get(consensusId);
        } catch (EngineException e) {
            throw notFound(projectId, consensusId);
        }
        return rt.read(v -> {
            MeetingSnapshot s = v.snapshot();
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

    private String nextId(String projectId) {
        Set<String> taken = new HashSet<>();
        meetings.all().forEach(rt -> taken.add(rt.meetingId()));
        for (int k = 1; ; k++) {
            String id = Ids.orDigest(projectId + ".consensus-" + k, "consensus-");
            if (!taken.contains(id)) {
                return id;
            }
        }
    }

    private static List<String> voters(JsonNode list, String proposer, Set<String> agents, List<Problem> problems) {
        List<String> out = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new Problem("$.voters", list == null ? "is required (the agents the proposal is put to)"
                    : "must be a non-empty array of agent ids"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "$.voters[" + i + "]";
            JsonNode v = list.get(i);
            String problem = v.isTextual() ? Ids.problem(v.asText()) : "must be an agent id (a string)";
            if (problem != null) {
                problems.add(new Problem(path, problem));
            } else if (out.contains(v.asText())) {
                problems.add(new Problem(path, "'" + v.asText() + "' is listed twice"));
            } else if (v.asText().equals(proposer)) {
                problems.add(new Problem(path, "the proposer does not vote on its own proposal"));
            } else if (!agents.contains(v.asText())) {
                problems.add(new Problem(path, "unknown agent '" + v.asText() + "' of this project"));
            } else {
                out.add(v.asText());
            }
        }
        return out;
    }

    private static Integer faultTolerance(JsonNode f, int n, List<Problem> problems) {
        if (f == null || f.isNull()) {
            problems.add(new Problem("$.fault_tolerance", "is required (f, the faulty voters tolerated)"));
            return null;
        }
        if (!f.isIntegralNumber() || f.asLong() < 0 || f.asLong() >= Math.max(n, 1)) {
            problems.add(new Problem("$.fault_tolerance", "must be a whole number with 0 <= f < n = " + n
                    + " (the voters), not " + f));
            return null;
        }
        return f.asInt();
    }

    private static EngineException notFound(String projectId, String consensusId) {
        return new EngineException(EngineException.Kind.NOT_FOUND, "consensus_not_found",
                "project " + projectId + " has no consensus '" + consensusId + "'");
    }
}
