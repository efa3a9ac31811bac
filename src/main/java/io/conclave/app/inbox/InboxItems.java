package io.conclave.app.inbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.project.ProjectRun;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.inbox.InboxItem;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.app.Engine;
import io.conclave.app.project.ProjectService;

/**
 * What an event of the service's stream asks of which agents: the inbox items it makes. Called as the event
 * is published, on the thread that journaled it, which holds the lock of the event's own owner: it reads that
 * owner only (re-entering its lock), never another one.
 */
public final class InboxItems {
    private final Engine engine;

    InboxItems(Engine engine) {
        this.engine = engine;
    }

    /** The items {@code e} makes, one per agent it addresses (none for most events). */
    List<InboxItem> of(ServiceEvent e) {
        if (e.meetingId() != null) {
            return meeting(e);
        }
        if (e.conversationId() != null) {
            return "TURN_GRANTED".equals(e.type()) ? turn(e) : List.of();
        }
        if (e.projectId() == null || !e.hasData()) { // asks without building the data most events never need
            return List.of();
        }
        return switch (e.type()) {
            case "TASK_ASSIGNED" -> work(e, e.agentId(), InboxKinds.ASSIGNMENT, "assigned to you");
            case "CONTRACT_AWARDED" -> award(e);
            case "CALL_FOR_PROPOSALS" -> calls(e);
            case "TASK_DELEGATED" -> work(e, e.data().path("details").path("to").asText(last(e.data().get("agent_ids"))),
                    InboxKinds.DELEGATION, "delegated to you");
            case "TASK_SKIPPED", "TASK_REPRIORITISED" -> taskNotice(e);
            case "RUN_PAUSED", "RUN_CHECKPOINT", "RUN_RESUMED" -> runNotice(e);
            case "CONFLICT_PROPOSAL_REQUESTED" -> proposalRequests(e);
            case "RESOURCE_GRANTED", "RESOURCE_DENIED", "EXECUTION_WINDOW" -> resourceNotices(e);
            case "ASSIGNEE_PROPOSAL_ACCEPTED", "ASSIGNEE_PROPOSAL_OVERRULED" -> List.of(item(e,
                    e.data().path("details").path("proposed_by").asText(), InboxKinds.PROPOSAL_VERDICT,
                    e.data().path("reason").asText(), e.data(), List.of()));
            default -> List.of();
        };
    }

    private List<InboxItem> work(ServiceEvent e, String agentId, String kind, String words) {
        if (agentId == null || agentId.isEmpty()) {
            return List.of();
        }
        return engine.projects().get(e.projectId()).read(s -> {
            Task t = s.task(e.taskId());
            if (t == null || !agentId.equals(t.getAssignee())) {
                return List.<InboxItem>of();
            }
            ObjectNode p = InboxKinds.task(t).put("status_reason", t.getStatusReason())
                    .put("project_title", s.spec().title());
            return List.of(item(e, agentId, kind, "task " + t.getTaskId() + " " + words + ": " + t.getDescription(),
                    p, InboxKinds.workAnswers(e.projectId(), t.getTaskId(), agentId)));
        });
    }

    private List<InboxItem> award(ServiceEvent e) {
        List<InboxItem> out = new ArrayList<>(work(e, e.agentId(), InboxKinds.AWARD, "awarded to you"));
        for (String loser : texts(e.data().path("details").get("rejected"))) {
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("task_id", e.taskId()).put("winner", e.agentId())
                    .put("reason", e.data().path("reason").asText(null));
            out.add(item(e, loser, InboxKinds.REJECTION, "your bid on task " + e.taskId() + " lost to " + e.agentId(), p,
                    List.of()));
        }
        return out;
    }

    private List<InboxItem> calls(ServiceEvent e) {
        return engine.projects().get(e.projectId()).read(s -> {
            Task t = s.task(e.taskId());
            List<InboxItem> out = new ArrayList<>();
            for (String agent : texts(e.data().get("agent_ids"))) {
                ObjectNode p = InboxKinds.task(t);
                p.set("call", e.data().path("details"));
                out.add(item(e, agent, InboxKinds.CALL_FOR_PROPOSALS, "call for proposals on task " + e.taskId()
                        + ": bid or decline", p, InboxKinds.bidAnswers(e.projectId(), e.taskId(), agent)));
            }
            return out;
        });
    }

    /** The parties of a goal conflict the rules asked to propose: each gets the conflict and the options so far. */
    private List<InboxItem> proposalRequests(ServiceEvent e) {
        JsonNode d = e.data().path("details");
        String conflictId = d.path("conflict_id").asText();
        List<InboxItem> out = new ArrayList<>();
        for (String agent : texts(e.data().get("agent_ids"))) {
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("conflict_id", conflictId)
                    .put("topic", d.path("topic").asText(null)).put("opened_by", d.path("opened_by").asText(null))
                    .put("reason", e.data().path("reason").asText(null));
            p.set("parties", d.path("parties"));
            p.set("options_so_far", d.path("options_so_far"));
            out.add(item(e, agent, InboxKinds.PROPOSAL_REQUESTED, "goal conflict " + conflictId
                    + (d.hasNonNull("topic") ? " (" + d.path("topic").asText() + ")" : "") + ": propose your option",
                    p, InboxKinds.conflictAnswers(e.projectId(), conflictId, agent)));
        }
        return out;
    }

    /**
     * A shared resource went to an agent (granted: it holds it alone; a window: it may use it from start to end),
     * or went to another (denied: the agent keeps waiting, and is told why and its place). Each item answers with
     * the release.
     */
    private List<InboxItem> resourceNotices(ServiceEvent e) {
        JsonNode d = e.data().path("details");
        String resource = d.path("resource").asText();
        String kind = switch (e.type()) {
            case "RESOURCE_GRANTED" -> InboxKinds.RESOURCE_GRANTED;
            case "RESOURCE_DENIED" -> InboxKinds.RESOURCE_DENIED;
            default -> InboxKinds.EXECUTION_WINDOW;
        };
        List<InboxItem> out = new ArrayList<>();
        List<String> agents = texts(e.data().get("agent_ids"));
        for (int i = 0; i < agents.size(); i++) {
            String agent = agents.get(i);
            ObjectNode p = ((ObjectNode) d.deepCopy()).put("task_id", e.taskId()).put("reason",
                    e.data().path("reason").asText(null));
            String words = switch (kind) {
                case InboxKinds.RESOURCE_GRANTED -> resource + " is yours alone until you let go of it";
                case InboxKinds.RESOURCE_DENIED -> resource + " went to " + d.path("winner").asText() + ": "
                        + d.path("denied").path(i).path("why").asText() + "; you keep waiting";
                default -> "your window on " + resource + ": " + d.path("window_start").asText() + " to "
                        + d.path("window_end").asText();
            };
            out.add(item(e, agent, kind, words, p, InboxKinds.releaseAnswers(e.projectId(), resource, agent)));
        }
        return out;
    }

    /** A skip or a new priority concerns whoever holds the task. */
    private List<InboxItem> taskNotice(ServiceEvent e) {
        List<String> holders = texts(e.data().get("agent_ids"));
        if (holders.isEmpty()) {
            holders = engine.projects().get(e.projectId()).read(s -> {
                Task t = s.task(e.taskId());
                return t == null || t.getAssignee() == null ? List.<String>of() : List.of(t.getAssignee());
            });
        }
        String kind = e.type().equals("TASK_SKIPPED") ? InboxKinds.TASK_SKIPPED : InboxKinds.TASK_REPRIORITISED;
        List<InboxItem> out = new ArrayList<>();
        for (String agent : holders) {
            out.add(item(e, agent, kind, e.data().path("reason").asText(), e.data(), List.of()));
        }
        return out;
    }

    /** A pause, a checkpoint or a resumption of a run of real agents concerns every agent of the project. */
    private List<InboxItem> runNotice(ServiceEvent e) {
        String runId = e.data().path("details").path("run_id").asText(null);
        return engine.projects().get(e.projectId()).read(s -> {
            ProjectRun run = runId == null ? null : engine.projects().get(e.projectId()).runs().stream()
                    .filter(r -> r.runId().equals(runId)).findFirst().orElse(null);
            if (run == null || !run.live()) {
                return List.<InboxItem>of(); // a simulated run's agents are simulated
            }
            String kind = e.type().equals("RUN_RESUMED") ? InboxKinds.RUN_RESUMED : InboxKinds.RUN_PAUSED;
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("run_id", runId)
                    .put("status", run.status().name()).put("reason", e.data().path("reason").asText());
            List<InboxItem> out = new ArrayList<>();
            for (String agent : ProjectService.agentIds(s)) {
                out.add(item(e, agent, kind, "run " + runId + ": " + e.data().path("reason").asText(), p, List.of()));
            }
            return out;
        });
    }

    private List<InboxItem> meeting(ServiceEvent e) {
        // one who joins a meeting already in discussion or voting is asked what the others were asked then
        boolean joining = "AGENT_JOINED_MEETING".equals(e.type());
        String kind = switch (e.type()) {
            case "MEETING_CREATED" -> InboxKinds.MEETING_INVITATION;
            case "DISCUSSION_STARTED" -> InboxKinds.DISCUSSION_OPEN;
            case "VOTING_STARTED" -> InboxKinds.VOTING_OPEN;
            case "AGENT_JOINED_MEETING" -> "";
            default -> null;
        };
        if (kind == null) {
            return List.of();
        }
        return engine.meetings().get(e.meetingId()).read(v -> {
            MeetingSnapshot s = v.snapshot();
            MeetingSnapshot.Manifest m = s.manifest();
            // (not when this very join opened the discussion: its own event asks that)
            boolean movedNow = joining && e.at() != null && m.stateSince() != null
                    && e.at().toEpochMilli() == m.stateSince().toEpochMilli(); // the meeting's clock counts millis
            String asked = !joining ? kind : movedNow ? null
                    : m.state() == io.conclave.model.meeting.MeetingState.DISCUSSION
                    ? InboxKinds.DISCUSSION_OPEN : m.state() == io.conclave.model.meeting.MeetingState.VOTING
                    ? InboxKinds.VOTING_OPEN : null;
            List<InboxItem> out = new ArrayList<>();
            if (asked == null) {
                return out;
            }
            for (MeetingSnapshot.ParticipantEntry p : s.participants()) {
                boolean joined = p.status() == io.conclave.model.meeting.ParticipantStatus.JOINED;
                if ((!asked.equals(InboxKinds.MEETING_INVITATION) && !joined)
                        || (joining && !p.agentId().equals(e.agentId()))) {
                    continue; // only the present discuss and vote; a joiner alone is asked on its join
                }
                ObjectNode payload = InboxKinds.meeting(m, p.agentId());
                if (asked.equals(InboxKinds.VOTING_OPEN)) {
                    payload.set("proposals", InboxKinds.proposals(s, ProposalStatus.PROPOSED));
                }
                out.add(item(e, p.agentId(), asked, InboxKinds.meetingWords(asked, m), payload,
                        InboxKinds.meetingAnswers(asked, s, p.agentId())));
            }
            return out;
        });
    }

    /** What a turn's items need of its decision: read from the decision its publisher holds, or from its data. */
    record Turn(long seq, List<String> responders, String via, String reason) {
        static Turn of(ServiceEvent e) {
            if (e.subject() instanceof TurnDecision d) { // the data is not built for four fields
                return new Turn(d.getMessageSeq() == null ? 0 : d.getMessageSeq(),
                        List.copyOf(new LinkedHashSet<>(d.getResponders())), d.getVia(), d.getReason());
            }
            JsonNode data = e.data();
            return new Turn(data.path("message_seq").asLong(), texts(data.get("responders")),
                    data.path("via").asText(null), data.path("reason").asText(null));
        }
    }

    private List<InboxItem> turn(ServiceEvent e) {
        Turn turn = Turn.of(e);
        return engine.conversations().get(e.conversationId()).read(v -> turnItems(v.message(turn.seq()), turn,
                e.conversationId(), e.projectId(), e.at(), new InboxItem.Source(e.type(), e.id())));
    }

    /**
     * The items of the turns conversation {@code rt} holds open now ({@link ConversationRuntime#openTurns}), named as
     * the items their events made when they were granted: after a restart the inboxes take them from the conversation,
     * which keeps every grant in its journal, instead of a line of each. Their source names no event of this process's
     * stream (id 0): the event was published before the restart.
     */
    List<InboxItem> openTurns(ConversationRuntime rt) {
        List<ConversationRuntime.OpenTurn> open = rt.openTurns();
        if (open.isEmpty()) {
            return List.of();
        }
        String projectId = rt.projectId();
        return rt.read(v -> {
            List<InboxItem> out = new ArrayList<>();
            for (ConversationRuntime.OpenTurn t : open) {
                TurnDecision d = t.decision();
                Turn turn = new Turn(d.getMessageSeq() == null ? 0 : d.getMessageSeq(), List.of(t.agentId()),
                        d.getVia(), d.getReason());
                out.addAll(AgentInbox.named(turnItems(v.message(turn.seq()), turn, rt.conversationId(), projectId,
                        t.at(), new InboxItem.Source("TURN_GRANTED", 0)), t.origin(), null));
            }
            return out;
        });
    }

    /** One item for each responder of {@code turn}, asked to answer message {@code asked} (null: not known). */
    private static List<InboxItem> turnItems(ConversationMessage asked, Turn turn, String conversationId,
                                             String projectId, java.time.Instant at, InboxItem.Source source) {
        List<InboxItem> out = new ArrayList<>();
        for (String agent : turn.responders()) {
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("conversation_id", conversationId)
                    .put("message_seq", turn.seq()).put("via", turn.via()).put("reason", turn.reason());
            // the message itself, written as its JSON whenever the item is (the same text as a tree of it): an
            // open item lives until the agent's next turn, and a tree per item was its largest part
            if (asked == null) {
                p.putNull("message");
            } else {
                p.putPOJO("message", asked);
            }
            out.add(InboxItem.of(agent, InboxKinds.TURN_GRANTED, at, projectId, null, null, conversationId,
                    "your turn in conversation " + conversationId + (asked == null ? "" : ": answer " + asked.sender()),
                    p, InboxKinds.replyAnswers(conversationId, agent), source));
        }
        return out;
    }

    private static InboxItem item(ServiceEvent e, String agent, String kind, String summary, JsonNode payload,
                                  List<InboxItem.Answer> answers) {
        return InboxItem.of(agent, kind, e.at(), e.projectId(), e.taskId(), e.meetingId(), e.conversationId(), summary,
                payload, answers, new InboxItem.Source(e.type(), e.id()));
    }

    static List<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return List.copyOf(out);
    }

    private static String last(JsonNode array) {
        List<String> all = texts(array);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

}
