package io.conclave.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectRuntime;
import io.conclave.engine.ProjectSession;
import io.conclave.model.Announcement;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;

/**
 * An agent's inbox: the one channel through which the orchestrator addresses an agent, whatever its
 * language. What is pending is derived from the projects' facts at the time of asking (open calls for
 * proposals the agent has not answered; tasks assigned or awarded to it and not started), never kept
 * per agent; what happens is a filter over the service's event stream ({@link EventHub}): calls for
 * proposals it is invited to, awards, rejections of its bids, and assignments to it.
 */
@ApplicationScoped
public class AgentInbox {
    public static final String CALL_FOR_PROPOSALS = "call_for_proposals";
    public static final String AWARD = "award";
    public static final String REJECTION = "rejection";
    public static final String ASSIGNMENT = "assignment";

    /** One pending item: the project it comes from, what it is, and what the agent needs to act on it. */
    public record Item(String projectId, String kind, String taskId, JsonNode payload) {
    }

    /** One event addressed to the agent, numbered as in the service's event stream. */
    public record Event(long id, String kind, Instant at, String projectId, String taskId, JsonNode payload) {
    }

    private final ProjectRegistry registry;
    private final EventHub hub;

    public AgentInbox(Engine engine, EventHub hub) {
        this.registry = engine.projects();
        this.hub = hub;
    }

    /** What waits for the agent, by project id, then task order: calls to answer first, then work to start. */
    public List<Item> pending(String agentId) {
        List<Item> out = new ArrayList<>();
        for (ProjectRuntime rt : registry.all()) {
            out.addAll(rt.read(s -> pendingIn(s, agentId)));
        }
        return out;
    }

    private static List<Item> pendingIn(ProjectSession s, String agentId) {
        Map<String, Announcement> contracts = new HashMap<>();
        s.facts(Announcement.class).forEach(a -> contracts.put(a.getTaskId(), a));
        List<Item> calls = new ArrayList<>();
        List<Item> work = new ArrayList<>();
        for (Task t : s.tasks()) {
            Announcement a = contracts.get(t.getTaskId());
            if (a != null && a.isPendingFor(agentId)) {
                ObjectNode p = describe(t);
                p.put("round", a.getRound()).put("deadline", Instant.ofEpochMilli(a.getDeadline()).toString())
                        .put("invited", a.getInvited().size());
                calls.add(new Item(s.projectId(), CALL_FOR_PROPOSALS, t.getTaskId(), p));
            } else if (t.getStatus() == TaskStatus.ASSIGNED && agentId.equals(t.getAssignee())) {
                boolean awarded = a != null && agentId.equals(a.getAwardedTo());
                ObjectNode p = describe(t).put("status_reason", t.getStatusReason());
                work.add(new Item(s.projectId(), awarded ? AWARD : ASSIGNMENT, t.getTaskId(), p));
            }
        }
        calls.addAll(work);
        return calls;
    }

    private static ObjectNode describe(Task t) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("task_id", t.getTaskId()).put("description", t.getDescription())
                .put("estimated_hours", t.getEstimatedHours()).put("complexity", t.getComplexity())
                .put("required_capability", t.getRequiredCapability());
        p.set("required_skills", Json.MAPPER.valueToTree(t.getRequiredSkills()));
        return p;
    }

    /**
     * Streams the events addressed to the agent (after {@code afterId} of the kept ones, then live);
     * returns what cancels the subscription.
     */
    public Runnable subscribe(String agentId, long afterId, Consumer<Event> listener) {
        return hub.subscribe(afterId, e -> kind(e, agentId) != null,
                e -> listener.accept(new Event(e.id(), kind(e, agentId), e.at(), e.projectId(), e.taskId(), e.data())));
    }

    /** What the event is to the agent, or null when it is not addressed to it. */
    static String kind(ServiceEvent e, String agentId) {
        if (e.projectId() == null || e.data() == null) {
            return null;
        }
        return switch (e.type()) {
            case "CALL_FOR_PROPOSALS" -> contains(e.data().get("agent_ids"), agentId) ? CALL_FOR_PROPOSALS : null;
            case "CONTRACT_AWARDED" -> agentId.equals(e.agentId()) ? AWARD
                    : contains(e.data().path("details").get("rejected"), agentId) ? REJECTION : null;
            case "TASK_ASSIGNED" -> agentId.equals(e.agentId()) ? ASSIGNMENT : null;
            default -> null;
        };
    }

    private static boolean contains(JsonNode array, String agentId) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode n : array) {
            if (agentId.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
