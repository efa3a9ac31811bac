package io.conclave.app;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingRequests;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.MessageSchema;

/**
 * The meeting commands behind the REST layer: checks input (every problem at once, with its JSON
 * path) and hands commands to the meeting's runtime, whose rules decide them. Votes and state changes
 * are messages of the meeting-mailbox schema, whichever endpoint they arrive by.
 */
@ApplicationScoped
public class MeetingService {
    private final MeetingRegistry meetings;
    private final ProjectRegistry projects;

    public MeetingService(Engine engine) {
        this.meetings = engine.meetings();
        this.projects = engine.projects();
    }

    public MeetingSnapshot create(JsonNode body) {
        MeetingRequests.Parsed parsed = MeetingRequests.parse(body, () -> "mtg-" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12));
        if (!parsed.problems().isEmpty()) {
            throw invalid("invalid_meeting", "the meeting request has " + parsed.problems().size() + " problem(s)",
                    parsed.problems());
        }
        MeetingSpec spec = parsed.spec();
        if (spec.projectId() != null) {
            if (!projects.exists(spec.projectId())) {
                throw invalid("unknown_project", "no project '" + spec.projectId() + "'",
                        List.of(new Problem("$.project_id", "names no project")));
            }
            if (spec.taskId() != null && projects.get(spec.projectId()).read(s -> s.task(spec.taskId())) == null) {
                throw invalid("unknown_task", "project " + spec.projectId() + " has no task '" + spec.taskId() + "'",
                        List.of(new Problem("$.task_id", "names no task of project " + spec.projectId())));
            }
        }
        return meetings.create(spec, spec.creator()).read(v -> v.snapshot());
    }

    public MeetingSnapshot get(String meetingId) {
        return meeting(meetingId).read(v -> v.snapshot());
    }

    /** Manifests of the meetings that match every given filter, by meeting id. */
    public List<MeetingSnapshot.Manifest> list(String state, String participant, String projectId) {
        MeetingState wanted = null;
        if (state != null) {
            wanted = MeetingState.parse(state);
            if (wanted == null) {
                throw invalid("invalid_filter", "'" + state + "' is not a meeting state",
                        List.of(new Problem("state", "use open, discussion, voting, closed or archived")));
            }
        }
        MeetingState w = wanted;
        return meetings.all().stream().map(rt -> rt.read(v -> v.snapshot()))
                .filter(s -> w == null || s.manifest().state() == w)
                .filter(s -> projectId == null || projectId.equals(s.manifest().projectId()))
                .filter(s -> participant == null || s.participants().stream().anyMatch(p -> p.agentId().equals(participant)))
                .map(MeetingSnapshot::manifest)
                .sorted(java.util.Comparator.comparing(MeetingSnapshot.Manifest::meetingId))
                .toList();
    }

    public MeetingSnapshot join(String meetingId, JsonNode body) {
        MeetingRuntime rt = meeting(meetingId);
        rt.join(agent(body));
        return rt.read(v -> v.snapshot());
    }

    public MeetingSnapshot leave(String meetingId, JsonNode body) {
        MeetingRuntime rt = meeting(meetingId);
        rt.leave(agent(body));
        return rt.read(v -> v.snapshot());
    }

    /** Posts a message of any type; 400 with the bad field when it does not follow the schema. */
    public MeetingMessage post(String meetingId, JsonNode message) {
        MeetingRuntime rt = meeting(meetingId);
        List<Problem> problems = MessageSchema.check(message, meetingId);
        if (!problems.isEmpty()) {
            throw invalid("invalid_message", "the message does not follow the schema: " + problems.get(0).path() + " "
                    + problems.get(0).message(), problems);
        }
        return rt.post((ObjectNode) message.deepCopy());
    }

    /** {@code { agent_id, proposal_id, vote, rationale? }}: a vote message. */
    public MeetingMessage vote(String meetingId, JsonNode body) {
        return post(meetingId, asMessage(body, MessageSchema.VOTE, Set.of("agent_id", "proposal_id", "vote", "rationale")));
    }

    /** {@code { agent_id, new_state, reason?, old_state? }}: a state_change message. */
    public MeetingMessage changeState(String meetingId, JsonNode body) {
        return post(meetingId, asMessage(body, MessageSchema.STATE_CHANGE,
                Set.of("agent_id", "new_state", "reason", "old_state")));
    }

    /** Messages in posting order, filtered by type, author and what came after {@code since} (an instant or a message id). */
    public List<MeetingMessage> messages(String meetingId, String type, String agentId, String since) {
        return meeting(meetingId).read(v -> {
            List<MeetingMessage> all = v.messages();
            long afterSeq = 0;
            Instant afterTime = null;
            if (since != null) {
                var byId = all.stream().filter(m -> m.messageId().equals(since)).findFirst();
                if (byId.isPresent()) {
                    afterSeq = byId.get().seq();
                } else {
                    try {
                        afterTime = Instant.parse(since);
                    } catch (DateTimeParseException e) {
                        throw invalid("invalid_filter", "since must be an ISO-8601 instant or a message id of this meeting",
                                List.of(new Problem("since", "'" + since + "' is neither")));
                    }
                }
            }
            long seq = afterSeq;
            Instant time = afterTime;
            return all.stream().filter(m -> type == null || m.messageType().equals(type))
                    .filter(m -> agentId == null || m.agentId().equals(agentId))
                    .filter(m -> m.seq() > seq && (time == null || m.timestampUtc().isAfter(time)))
                    .toList();
        });
    }

    /** The meeting's decision ledger: every transition, join, proposal, vote and outcome, with its rule. */
    public List<MeetingDecision> decisions(String meetingId) {
        return meeting(meetingId).read(v -> v.ledger());
    }

    private MeetingRuntime meeting(String meetingId) {
        if (!Ids.isValid(meetingId)) {
            throw invalid("invalid_id", "'" + meetingId + "' is not a valid meeting id",
                    List.of(new Problem("meeting_id", Ids.problem(meetingId))));
        }
        return meetings.get(meetingId);
    }

    private static String agent(JsonNode body) {
        JsonNode a = body == null ? null : body.get("agent_id");
        String problem = a == null || a.isNull() ? "is required" : !a.isTextual() ? "must be a string" : Ids.problem(a.asText());
        if (problem != null) {
            throw invalid("invalid_request", "the acting agent is missing or invalid", List.of(new Problem("$.agent_id", problem)));
        }
        return a.asText();
    }

    private static ObjectNode asMessage(JsonNode body, String type, Set<String> fields) {
        if (body == null || !body.isObject()) {
            throw invalid("invalid_request", "the body must be a JSON object", List.of(new Problem("$", "not an object")));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw invalid("invalid_request", "unknown field " + f, List.of(new Problem("$." + f,
                        "is not a field here; known fields: " + new java.util.TreeSet<>(fields))));
            }
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("message_type", type);
        message.setAll((ObjectNode) body);
        return message;
    }

    private static EngineException invalid(String code, String message, List<Problem> problems) {
        return new EngineException(EngineException.Kind.INVALID, code, message, problems, true);
    }
}
