package io.conclave.engine.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;

/**
 * Edits of a built project definition for the coordination extensions (coordination, capabilities,
 * required_capability, resources, time_slice_hours) that the shared builders do not cover; kept apart
 * so the builders stay as they are.
 */
public final class Tweaks {
    private final ObjectNode root;

    private Tweaks(ObjectNode root) {
        this.root = root;
    }

    public static Tweaks of(Projects.ProjectBuilder b) {
        return new Tweaks(b.node());
    }

    Tweaks project(String field, Object value) {
        root.set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    Tweaks task(String taskId, String field, Object value) {
        find("tasks", "task_id", taskId).set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    Tweaks agent(String agentId, String field, Object value) {
        find("agents", "agent_id", agentId).set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    private ObjectNode find(String list, String key, String id) {
        for (var n : (ArrayNode) root.get(list)) {
            if (n.get(key).asText().equals(id)) {
                return (ObjectNode) n;
            }
        }
        throw new AssertionError("no " + id + " in " + list);
    }

    String json() {
        return root.toString();
    }

    ProjectSession start() {
        return RulesFixture.start(json());
    }
}
