package io.conclave.engine.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;

/**
 * Project definitions for the hierarchy, decomposition and retry tests, written as key/value lists in
 * the snake_case format of {@code projects/*.json}:
 * <pre>
 * Trees.project("hierarchical", List.of(agent("boss"), agent("dev", "manager", "boss", "skill_levels", obj("x", 5))),
 *         List.of(task("t", "required_skills", obj("x", 3))))
 * </pre>
 */
public final class Trees {
    private Trees() {
    }

    /** A JSON object from alternating keys and values (values: strings, numbers, booleans, lists, maps, nodes). */
    public static ObjectNode obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Json.MAPPER.valueToTree(m);
    }

    public static ObjectNode agent(String id, Object... kv) {
        ObjectNode a = obj("agent_id", id, "name", id);
        a.setAll(obj(kv));
        return a;
    }

    public static ObjectNode task(String id, Object... kv) {
        ObjectNode t = obj("task_id", id, "description", "task " + id);
        t.setAll(obj(kv));
        return t;
    }

    /** A project of these agents and tasks, coordinated by {@code coordination} unless a task says otherwise. */
    public static String project(String coordination, List<ObjectNode> agents, List<ObjectNode> tasks) {
        ObjectNode p = obj("project_id", "p", "title", "test project", "coordination", coordination);
        p.putArray("agents").addAll(agents);
        p.putArray("tasks").addAll(tasks);
        return p.toString();
    }

    public static ProjectSession start(String coordination, List<ObjectNode> agents, List<ObjectNode> tasks) {
        return RulesFixture.start(project(coordination, agents, tasks));
    }
}
