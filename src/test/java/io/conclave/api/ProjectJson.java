package io.conclave.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;

/**
 * Project definitions for the REST tests, in the JSON format of {@code docs/projects.md}. Only the fields a test
 * sets are written, in the order it sets them, and numbers keep their type ({@code 5} stays an integer,
 * {@code 5.3} a decimal), so a test sends exactly the document it describes, with no defaults added.
 * Fields without a method of their own are set with {@code set} (a value) or {@code setJson} (JSON text).
 *
 * <pre>
 * String id = project(uniqueId("canary")).title("canary")
 *         .agent(agent("alice").name("Alice").skill("x", 9))
 *         .task(task("t1").hours(1).needs("x", 5))
 *         .task(task("t2").needs("x", 5).after("t1"))
 *         .create();
 * </pre>
 *
 * Documents that are the subject of a test (malformed, unknown fields, hostile values) stay literal in that test.
 */
public final class ProjectJson {
    private final ObjectNode root = Json.MAPPER.createObjectNode();

    private ProjectJson(String id) {
        root.put("project_id", id);
    }

    public static ProjectJson project(String id) {
        return new ProjectJson(id);
    }

    public static Agent agent(String id) {
        return new Agent(id);
    }

    public static Task task(String id) {
        return new Task(id);
    }

    /** A subtask written inline in its parent's {@code subtasks} (it has no id of its own). */
    public static Task subtask(String description) {
        return new Task(null).description(description);
    }

    public String id() {
        return root.get("project_id").asText();
    }

    public ProjectJson title(String title) {
        root.put("title", title);
        return this;
    }

    public ProjectJson description(String description) {
        root.put("description", description);
        return this;
    }

    /** The project's coordination pattern (centralized, contract_net, load_balancing...). */
    public ProjectJson coordination(String pattern) {
        root.put("coordination", pattern);
        return this;
    }

    public ProjectJson skillDevelopmentRate(double rate) {
        return set("skill_development_rate", rate);
    }

    public ProjectJson skillDevelopmentRate(int rate) {
        return set("skill_development_rate", rate);
    }

    /** {@code contract_net}: how long an announcement takes bids, how often a task is announced. */
    public ProjectJson contractNet(double bidWindowMinutes, int maxAnnouncements) {
        ObjectNode c = object(root, "contract_net");
        c.put("bid_window_minutes", bidWindowMinutes);
        c.put("max_announcements", maxAnnouncements);
        return this;
    }

    /** {@code scheduling.start_date}. */
    public ProjectJson startDate(String date) {
        return scheduling("start_date", date);
    }

    /** {@code scheduling.mode}: same_day, distributed or compressed. */
    public ProjectJson mode(String mode) {
        return scheduling("mode", mode);
    }

    /** Any other field of {@code scheduling}. */
    public ProjectJson scheduling(String field, Object value) {
        object(root, "scheduling").set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    /** Any other top-level field: a string, a number, a boolean, a list or a map. */
    public ProjectJson set(String field, Object value) {
        root.set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    /** Any other top-level field, given as JSON text ({@code "{\"enabled\": true}"}). */
    public ProjectJson setJson(String field, String json) {
        root.set(field, parse(json));
        return this;
    }

    public ProjectJson agent(Agent... agents) {
        ArrayNode a = array(root, "agents");
        for (Agent agent : agents) {
            a.add(agent.node.deepCopy());
        }
        return this;
    }

    public ProjectJson task(Task... tasks) {
        ArrayNode t = array(root, "tasks");
        for (Task task : tasks) {
            t.add(task.node.deepCopy());
        }
        return this;
    }

    public ObjectNode node() {
        return root.deepCopy();
    }

    public String json() {
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the project ({@link ApiSupport#create}: fails the test unless it answers 201); its id. */
    public String create() {
        ApiSupport.create(json(), id());
        return id();
    }

    @Override
    public String toString() {
        return json();
    }

    /** One agent of the project. */
    public static final class Agent {
        private final ObjectNode node = Json.MAPPER.createObjectNode();

        private Agent(String id) {
            node.put("agent_id", id);
        }

        public Agent name(String name) {
            node.put("name", name);
            return this;
        }

        public Agent skill(String skill, int level) {
            object(node, "skill_levels").put(skill, level);
            return this;
        }

        public Agent skill(String skill, double level) {
            object(node, "skill_levels").put(skill, level);
            return this;
        }

        public Agent prefers(String taskType, int level) {
            object(node, "preferences").put(taskType, level);
            return this;
        }

        public Agent occupation(String occupation) {
            node.put("occupation", occupation);
            return this;
        }

        public Agent maxOpenTasks(int max) {
            node.put("max_open_tasks", max);
            return this;
        }

        public Agent priority(int priority) {
            node.put("priority", priority);
            return this;
        }

        public Agent manager(String agentId) {
            node.put("manager", agentId);
            return this;
        }

        /** An {@code availability} window: {@code date}, {@code start_time} and {@code end_time} as given. */
        public Agent available(String date, Object start, Object end) {
            ObjectNode w = array(node, "availability").addObject();
            w.put("date", date);
            w.set("start_time", Json.MAPPER.valueToTree(start));
            w.set("end_time", Json.MAPPER.valueToTree(end));
            return this;
        }

        /** Any other field of the agent. */
        public Agent set(String field, Object value) {
            node.set(field, Json.MAPPER.valueToTree(value));
            return this;
        }

        public Agent setJson(String field, String json) {
            node.set(field, parse(json));
            return this;
        }
    }

    /** One task of the project. */
    public static final class Task {
        private final ObjectNode node = Json.MAPPER.createObjectNode();

        private Task(String id) {
            if (id != null) {
                node.put("task_id", id);
            }
        }

        public Task description(String description) {
            node.put("description", description);
            return this;
        }

        /** {@code required_skills}: the skill at this level or more. */
        public Task needs(String skill, int level) {
            object(node, "required_skills").put(skill, level);
            return this;
        }

        public Task needs(String skill, double level) {
            object(node, "required_skills").put(skill, level);
            return this;
        }

        public Task hours(int hours) {
            node.put("estimated_hours", hours);
            return this;
        }

        public Task hours(double hours) {
            node.put("estimated_hours", hours);
            return this;
        }

        public Task priority(int priority) {
            node.put("priority", priority);
            return this;
        }

        /** {@code task_type}, matched against the agents' preferences. */
        public Task type(String taskType) {
            node.put("task_type", taskType);
            return this;
        }

        public Task date(String scheduledDate) {
            node.put("scheduled_date", scheduledDate);
            return this;
        }

        /** {@code dependencies}. */
        public Task after(String... taskIds) {
            strings(array(node, "dependencies"), taskIds);
            return this;
        }

        public Task followUps(String... taskIds) {
            strings(array(node, "follow_up_tasks"), taskIds);
            return this;
        }

        /** {@code meeting_required} with these attendees. */
        public Task meeting(String... attendees) {
            node.put("meeting_required", true);
            strings(array(node, "attendees"), attendees);
            return this;
        }

        public Task resources(String... resourceIds) {
            strings(array(node, "resources"), resourceIds);
            return this;
        }

        /** {@code subtasks}: inline ones ({@link ProjectJson#subtask}) and the ids of other tasks, in order. */
        public Task subtasks(Object... subtasks) {
            ArrayNode a = array(node, "subtasks");
            for (Object s : subtasks) {
                if (s instanceof Task t) {
                    a.add(t.node.deepCopy());
                } else {
                    a.add((String) s);
                }
            }
            return this;
        }

        public Task coordination(String pattern) {
            node.put("coordination", pattern);
            return this;
        }

        /** The task's {@code manager}: whom it is handed to in a hierarchical project. */
        public Task manager(String agentId) {
            node.put("manager", agentId);
            return this;
        }

        public Task retries(int retries) {
            node.put("retries", retries);
            return this;
        }

        public Task complexity(int complexity) {
            node.put("complexity", complexity);
            return this;
        }

        /** Any other field of the task. */
        public Task set(String field, Object value) {
            node.set(field, Json.MAPPER.valueToTree(value));
            return this;
        }

        public Task setJson(String field, String json) {
            node.set(field, parse(json));
            return this;
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        return parent.has(field) ? (ArrayNode) parent.get(field) : parent.putArray(field);
    }

    private static void strings(ArrayNode array, String... values) {
        for (String v : values) {
            array.add(v);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
