package io.conclave.app.inbox;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.conclave.model.Task;
import io.conclave.model.inbox.InboxItem;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.ProposalStatus;

/** The kinds of inbox items, and the words, payloads and answers each carries. */
public final class InboxKinds {
    static final String ASSIGNMENT = "assignment";
    static final String AWARD = "award";
    static final String DELEGATION = "delegation";
    static final String CALL_FOR_PROPOSALS = "call_for_proposals";
    static final String REJECTION = "rejection";
    static final String MEETING_INVITATION = "meeting_invitation";
    static final String DISCUSSION_OPEN = "discussion_open";
    static final String VOTING_OPEN = "voting_open";
    static final String TURN_GRANTED = "turn_granted";
    static final String TASK_SKIPPED = "task_skipped";
    static final String TASK_REPRIORITISED = "task_reprioritised";
    static final String RUN_PAUSED = "run_paused";
    static final String RUN_RESUMED = "run_resumed";
    static final String PROPOSAL_VERDICT = "proposal_verdict";
    static final String PROPOSAL_REQUESTED = "proposal_requested";
    static final String RESOURCE_GRANTED = "resource_granted";
    static final String RESOURCE_DENIED = "resource_denied";
    static final String EXECUTION_WINDOW = "execution_window";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private InboxKinds() {
    }

    /**
     * What an item is about when a newer one about the same replaces it ({@link io.conclave.journal.InboxStore}):
     * a turn in a conversation. The agent's newer turn there is the one to answer, and one message answers both
     * (a turn waits until the agent spoke after it), so only the newest turn stays open. Other kinds: null.
     */
    static String subject(InboxItem i) {
        return TURN_GRANTED.equals(i.kind()) ? "turn~" + i.conversationId() : null;
    }

    /**
     * True for an item whose owner keeps what made it and tells it again after a restart, so the inbox keeps it in
     * memory and writes no line of it: a turn, which its conversation's journal holds
     * ({@link io.conclave.engine.conversation.ConversationRuntime#openTurns}). A line a turn was 1 KB of JSON written on
     * the command's thread, for a copy of what the conversation's journal holds.
     */
    static boolean toldAgainByItsOwner(InboxItem i) {
        return TURN_GRANTED.equals(i.kind());
    }

    /** What a task asks of whoever does it. */
    static ObjectNode task(Task t) {
        ObjectNode p = F.objectNode();
        if (t == null) {
            return p;
        }
        p.put("task_id", t.getTaskId()).put("description", t.getDescription())
                .put("estimated_hours", t.getEstimatedHours()).put("priority", t.getPriority())
                .put("complexity", t.getComplexity()).put("required_capability", t.getRequiredCapability())
                .put("task_type", t.getTaskType()).put("meeting_required", t.isMeetingRequired());
        p.set("required_skills", Json.MAPPER.valueToTree(t.getRequiredSkills()));
        return p;
    }

    static List<InboxItem.Answer> workAnswers(String projectId, String taskId, String agentId) {
        String base = "/api/projects/" + projectId + "/tasks/" + taskId;
        return List.of(post("start", base + "/start", body(agentId)),
                post("complete", base + "/complete", body(agentId).put("result", "<any JSON: what you produced>")),
                post("fail", base + "/fail", body(agentId)));
    }

    static List<InboxItem.Answer> bidAnswers(String projectId, String taskId, String agentId) {
        String bids = "/api/projects/" + projectId + "/tasks/" + taskId + "/bids";
        return List.of(post("bid", bids, body(agentId).put("cost", "<cost, 0 or more>")
                        .put("confidence", "<0 to 1, optional>")),
                post("decline", bids, body(agentId).put("decline", true)));
    }

    static ObjectNode meeting(MeetingSnapshot.Manifest m, String agentId) {
        ObjectNode p = F.objectNode().put("meeting_id", m.meetingId()).put("topic", m.topic()).put("goal", m.goal())
                .put("chair", m.chair()).put("you_chair", agentId.equals(m.chair())).put("state", m.state().json())
                .put("project_id", m.projectId()).put("task_id", m.taskId());
        p.set("threshold", Json.MAPPER.valueToTree(m.protocol() == null ? null : m.protocol().threshold()));
        p.set("participants", Json.MAPPER.valueToTree(m.participants()));
        p.set("slot", Json.MAPPER.valueToTree(m.slot()));
        return p;
    }

    static ArrayNode proposals(MeetingSnapshot s, ProposalStatus status) {
        ArrayNode out = F.arrayNode();
        for (MeetingSnapshot.ProposalEntry p : s.agenda().proposals()) {
            if (p.status() == status) {
                out.add(F.objectNode().put("proposal_id", p.proposalId()).put("title", p.title())
                        .put("details", p.details()).put("proposer", p.proposer()));
            }
        }
        return out;
    }

    static String meetingWords(String kind, MeetingSnapshot.Manifest m) {
        return switch (kind) {
            case MEETING_INVITATION -> "you are invited to meeting " + m.meetingId() + ": " + m.topic();
            case DISCUSSION_OPEN -> "meeting " + m.meetingId() + " is in discussion" + " (chair: " + m.chair() + ")";
            default -> "voting is open in meeting " + m.meetingId();
        };
    }

    static List<InboxItem.Answer> meetingAnswers(String kind, MeetingSnapshot s, String agentId) {
        String base = "/api/meetings/" + s.manifest().meetingId();
        List<InboxItem.Answer> out = new ArrayList<>();
        switch (kind) {
            case MEETING_INVITATION -> out.add(post("join", base + "/join", body(agentId)));
            case DISCUSSION_OPEN -> {
                out.add(post("comment", base + "/messages", body(agentId).put("message_type", "comment")
                        .put("text", "<text>")));
                out.add(post("propose", base + "/messages", body(agentId).put("message_type", "proposal")
                        .put("proposal_id", "<id>").put("title", "<title>").put("details", "<details>")));
                if (agentId.equals(s.manifest().chair())) {
                    out.add(new InboxItem.Answer("call_vote", "PUT", base + "/state",
                            body(agentId).put("new_state", "voting")));
                    out.add(new InboxItem.Answer("close", "PUT", base + "/state", body(agentId).put("new_state", "closed")));
                }
            }
            default -> {
                for (JsonNode p : proposals(s, ProposalStatus.PROPOSED)) {
                    out.add(post("vote", base + "/votes", body(agentId).put("proposal_id", p.path("proposal_id").asText())
                            .put("vote", "<yes|no|abstain>").put("rationale", "<why, optional>")));
                }
            }
        }
        return out;
    }

    /** A party of a goal conflict proposes its option, or asks to resolve the conflict with the options so far. */
    static List<InboxItem.Answer> conflictAnswers(String projectId, String conflictId, String agentId) {
        String base = "/api/projects/" + projectId + "/conflicts/" + conflictId;
        return List.of(post("propose", base + "/proposals", body(agentId).put("option", "<your option>")
                        .put("rationale", "<why, optional>")),
                post("resolve", base + "/resolve", body(agentId)));
    }

    /** An agent lets go of a shared resource: its hold, its waiting request, or its window before it ends. */
    static List<InboxItem.Answer> releaseAnswers(String projectId, String resource, String agentId) {
        return List.of(post("release", "/api/projects/" + projectId + "/resources/" + resource + "/release",
                body(agentId)));
    }

    static List<InboxItem.Answer> replyAnswers(String conversationId, String agentId) {
        return List.of(post("reply", "/api/conversations/" + conversationId + "/messages", F.objectNode()
                .put("sender", agentId).put("content", "<your reply>").put("suggested_next", "<agent id, optional>")));
    }

    private static ObjectNode body(String agentId) {
        return F.objectNode().put("agent_id", agentId);
    }

    private static InboxItem.Answer post(String action, String path, JsonNode body) {
        return new InboxItem.Answer(action, "POST", path, body);
    }
}
