package io.conclave.app.meeting;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.CommandException;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.command.JoinMeeting;
import io.conclave.model.command.Leave;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.NewMeeting;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;

/**
 * The meeting commands behind the REST layer: checks input (every problem at once, with its JSON
 * path) and hands commands to the meeting's runtime, whose rules decide them. Votes and state changes
 * are messages of the meeting-mailbox schema, whichever endpoint they arrive by.
 */
@ApplicationScoped
public class MeetingService {
    private final MeetingRegistry meetings;
    private final ProjectRegistry projects;
    private final Checks checks;
    private final Access access;

    public MeetingService(Engine engine, Checks checks, Access access) {
        this.meetings = engine.meetings();
        this.projects = engine.projects();
        this.checks = checks;
        this.access = access;
    }

    /** Creates a meeting: an operator's, or an agent's that names itself as the creator. */
    public MeetingSnapshot create(Caller caller, JsonNode body) {
        NewMeeting request;
        try {
            request = checks.bind(body, NewMeeting.class, "a meeting");
        } catch (CommandException e) {
            throw invalid("invalid_meeting", "the meeting request has " + e.problems().size() + " problem(s)",
                    e.problems());
        }
        MeetingSpec spec = request.toSpec(() -> "mtg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        if (!caller.isOperator()) {
            caller.actAs(spec.creator());
        }
        if (spec.projectId() != null) {
            if (!projects.exists(spec.projectId())) {
                throw invalid("unknown_project", "no project '" + spec.projectId() + "'",
                        List.of(new Problem("$.project_id", "names no project")));
            }
            access.naming(caller, spec.projectId()); // an agent opens a meeting about a project it may reach only
            if (spec.taskId() != null && projects.get(spec.projectId()).read(s -> s.task(spec.taskId())) == null) {
                throw invalid("unknown_task", "project " + spec.projectId() + " has no task '" + spec.taskId() + "'",
                        List.of(new Problem("$.task_id", "names no task of project " + spec.projectId())));
            }
        }
        return meetings.create(spec, caller.name()).read(v -> v.snapshot());
    }

    public MeetingSnapshot get(Caller caller, String meetingId) {
        return visible(caller, meetingId).read(v -> v.snapshot());
    }

    /** Manifests of the meetings that match every given filter, by meeting id. */
    public List<MeetingSnapshot.Manifest> list(Caller caller, String state, String participant, String projectId) {
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
                .filter(s -> caller.sees(s.manifest().projectId(), members(s)))
                .filter(s -> w == null || s.manifest().state() == w)
                .filter(s -> projectId == null || projectId.equals(s.manifest().projectId()))
                .filter(s -> participant == null || s.participants().stream().anyMatch(p -> p.agentId().equals(participant)))
                .map(MeetingSnapshot::manifest)
                .sorted(java.util.Comparator.comparing(MeetingSnapshot.Manifest::meetingId))
                .toList();
    }

    public MeetingSnapshot join(Caller caller, String meetingId, JoinMeeting body) {
        MeetingRuntime rt = meeting(meetingId);
        rt.join(caller.actAs(checks.valid(body, "the body").agentId()));
        return rt.read(v -> v.snapshot());
    }

    public MeetingSnapshot leave(Caller caller, String meetingId, Leave body) {
        MeetingRuntime rt = meeting(meetingId);
        rt.leave(caller.actAs(checks.valid(body, "the body").agentId()));
        return rt.read(v -> v.snapshot());
    }

    /** Posts a message of any type; 400 with the bad field when it does not follow the schema. */
    public MeetingMessage post(Caller caller, String meetingId, PostToMeeting message) {
        MeetingRuntime rt = meeting(meetingId);
        List<Problem> problems = message == null ? List.of(new Problem("$", "a message must be a JSON object"))
                : schemaOrder(checks.violations(message, PostToMeeting.Posted.class));
        if (message != null && message.meetingId() != null && !message.meetingId().equals(meetingId)) {
            problems.add(new Problem("$.meeting_id", "'" + message.meetingId() + "' is not this meeting (" + meetingId + ")"));
            problems = schemaOrder(problems);
        }
        if (!problems.isEmpty()) {
            throw invalid("invalid_message", "the message does not follow the schema: " + problems.get(0).path() + " "
                    + problems.get(0).message(), problems);
        }
        caller.actAs(message.agentId());
        return rt.post(message);
    }

    private static final List<String> FIRST = List.of("$.message_type", "$.agent_id", "$.message_id", "$.meeting_id");

    /**
     * A message's problems as the schema reads it: its type, author, id and meeting first, then fields that are not
     * of its type, then the fields by name (a value's problem before its blankness).
     */
    private static List<Problem> schemaOrder(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt((Problem p) -> {
            int first = FIRST.indexOf(p.path());
            return first >= 0 ? first : p.message().startsWith("is not a field of") ? FIRST.size() : FIRST.size() + 1;
        }).thenComparing(Problem::path).thenComparing(p -> p.message().equals("must not be blank")));
        return out;
    }

    /** {@code { agent_id, proposal_id, vote, rationale? }}: a vote message. */
    public MeetingMessage vote(Caller caller, String meetingId, PostToMeeting body) {
        return post(caller, meetingId, as(body, MessageSchema.VOTE));
    }

    /** {@code { agent_id, new_state, reason?, old_state? }}: a state_change message. */
    public MeetingMessage changeState(Caller caller, String meetingId, PostToMeeting body) {
        return post(caller, meetingId, as(body, MessageSchema.STATE_CHANGE));
    }

    /** Messages in posting order, filtered by type, author and what came after {@code since} (an instant or a message id). */
    public List<MeetingMessage> messages(Caller caller, String meetingId, String type, String agentId, String since) {
        return visible(caller, meetingId).read(v -> {
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
    public List<MeetingDecision> decisions(Caller caller, String meetingId) {
        return visible(caller, meetingId).read(v -> v.ledger());
    }

    /** A meeting {@code caller} may read ({@link Access}). */
    private MeetingRuntime visible(Caller caller, String meetingId) {
        return access.meeting(caller, meetingId, true);
    }

    private static List<String> members(MeetingSnapshot s) {
        return s.participants().stream().map(MeetingSnapshot.ParticipantEntry::agentId).toList();
    }

    private MeetingRuntime meeting(String meetingId) {
        if (!Ids.isValid(meetingId)) {
            throw invalid("invalid_id", "'" + meetingId + "' is not a valid meeting id",
                    List.of(new Problem("meeting_id", Ids.problem(meetingId))));
        }
        return meetings.get(meetingId);
    }

    /** The body as a message of {@code type}: the endpoint gives the type, the body may repeat it. */
    private static PostToMeeting as(PostToMeeting body, String type) {
        PostToMeeting m = Checks.present(body, "the body");
        String given = Checks.fromPath(m.messageType(), type, "message_type");
        return new PostToMeeting(m.messageId(), m.meetingId(), m.agentId(), given, m.proposalId(), m.title(),
                m.details(), m.status(), m.text(), m.replyToMessageId(), m.vote(), m.rationale(), m.summaryText(),
                m.oldState(), m.newState(), m.reason());
    }

    private static CommandException invalid(String code, String message, List<Problem> problems) {
        return new CommandException(CommandException.Kind.INVALID, code, message, problems, true);
    }
}
