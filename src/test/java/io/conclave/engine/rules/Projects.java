package io.conclave.engine.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.Task;
import io.conclave.model.Refusal;
import io.conclave.model.TaskEvent;

/**
 * Small builders for project definitions in the snake_case JSON format of {@code projects/*.json},
 * and a few helpers to drive and inspect a {@link ProjectSession} in Tier-1 tests.
 *
 * <pre>
 * ProjectSession s = project()
 *         .agents(agent("alice").skill("java", 8).maxOpenTasks(1))
 *         .tasks(task("t1").needs("java", 5).hours(3))
 *         .start();
 * </pre>
 */
public final class Projects {
    private static final AtomicLong COMMANDS = new AtomicLong(1);

    private Projects() {
    }

    public static ProjectBuilder project() {
        return new ProjectBuilder("p");
    }

    public static AgentBuilder agent(String id) {
        return new AgentBuilder(id);
    }

    public static TaskBuilder task(String id) {
        return new TaskBuilder(id);
    }

    /** One agent, "solo", taking one task at a time, and 30 one-hour tasks t00..t29: all queue behind her. */
    public static ProjectBuilder oneAgentThirtyTasks() {
        ProjectBuilder b = project().agents(agent("solo").maxOpenTasks(1));
        for (int i = 0; i < 30; i++) {
            b.tasks(task(String.format("t%02d", i)));
        }
        return b;
    }

    // ------------------------------------------------------------------ driving a session

    /** Reports what an agent did, as one command of its own; true when a rule accepted it. */
    public static boolean report(ProjectSession s, TaskEvent.Kind kind, String taskId, String agentId) {
        return refusal(s, kind, taskId, agentId) == null;
    }

    /** Reports what an agent did, as one command of its own; the policy's refusal, or null when accepted. */
    public static Refusal refusal(ProjectSession s, TaskEvent.Kind kind, String taskId, String agentId) {
        s.beginCommand(COMMANDS.incrementAndGet());
        return s.post(new TaskEvent(kind, taskId, agentId));
    }

    public static boolean start(ProjectSession s, String taskId, String agentId) {
        return report(s, TaskEvent.Kind.START, taskId, agentId);
    }

    public static boolean complete(ProjectSession s, String taskId, String agentId) {
        return report(s, TaskEvent.Kind.COMPLETE, taskId, agentId);
    }

    public static boolean fail(ProjectSession s, String taskId, String agentId) {
        return report(s, TaskEvent.Kind.FAIL, taskId, agentId);
    }

    // ------------------------------------------------------------------ inspecting a session

    public static Agent agentOf(ProjectSession s, String agentId) {
        return s.agents().stream().filter(a -> a.getAgentId().equals(agentId)).findFirst()
                .orElseThrow(() -> new AssertionError("no agent " + agentId));
    }

    public static Task taskOf(ProjectSession s, String taskId) {
        Task t = s.task(taskId);
        if (t == null) {
            throw new AssertionError("no task " + taskId);
        }
        return t;
    }

    /** The ledger entries of one kind about one task, in ledger order. */
    public static List<Decision> decisions(ProjectSession s, DecisionKind kind, String taskId) {
        return s.ledger().stream().filter(d -> d.getKind() == kind && taskId.equals(d.getTaskId())).toList();
    }

    /** The only ledger entry of one kind about one task; fails when there is none or several. */
    public static Decision onlyDecision(ProjectSession s, DecisionKind kind, String taskId) {
        List<Decision> found = decisions(s, kind, taskId);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " decision for " + taskId + ", found " + found.size()
                    + " in ledger " + s.ledger().stream().map(d -> d.getKind() + " " + d.getTaskId()).toList());
        }
        return found.get(0);
    }

    // ------------------------------------------------------------------ builders

    /** A project definition; {@link #json()} renders it. */
    public static final class ProjectBuilder {
        private final ObjectNode root = Json.MAPPER.createObjectNode();
        private final List<AgentBuilder> agents = new ArrayList<>();
        private final List<TaskBuilder> tasks = new ArrayList<>();

        ProjectBuilder(String id) {
            root.put("project_id", id);
            root.put("title", "test project " + id);
        }

        public ProjectBuilder id(String id) {
            root.put("project_id", id);
            return this;
        }

        public ProjectBuilder startDate(String date) {
            root.putObject("scheduling").put("start_date", date);
            return this;
        }

        public ProjectBuilder agents(AgentBuilder... more) {
            agents.addAll(List.of(more));
            return this;
        }

        public ProjectBuilder tasks(TaskBuilder... more) {
            tasks.addAll(List.of(more));
            return this;
        }

        public ObjectNode node() {
            ObjectNode out = root.deepCopy();
            ArrayNode a = out.putArray("agents");
            agents.forEach(b -> a.add(b.node.deepCopy()));
            ArrayNode t = out.putArray("tasks");
            tasks.forEach(b -> t.add(b.node.deepCopy()));
            return out;
        }

        public String json() {
            try {
                return Json.MAPPER.writeValueAsString(node());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A session of the shipped policy, after the first firing. */
        public ProjectSession start() {
            return RulesFixture.start(json());
        }

        public ProjectSession start(Policy policy, int maxFirings) {
            return RulesFixture.start(json(), policy, maxFirings);
        }
    }

    /** One agent: skill levels, preferences, max_open_tasks. */
    public static final class AgentBuilder {
        private final ObjectNode node = Json.MAPPER.createObjectNode();

        AgentBuilder(String id) {
            node.put("agent_id", id);
            node.put("name", id);
            node.putObject("skill_levels");
            node.putObject("preferences");
        }

        public AgentBuilder skill(String skill, double level) {
            ((ObjectNode) node.get("skill_levels")).put(skill, level);
            return this;
        }

        public AgentBuilder prefers(String taskType, double level) {
            ((ObjectNode) node.get("preferences")).put(taskType, level);
            return this;
        }

        public AgentBuilder maxOpenTasks(int max) {
            node.put("max_open_tasks", max);
            return this;
        }
    }

    /** One task; unset fields take the defaults of the format (priority 3, 1 hour, no skills). */
    public static final class TaskBuilder {
        private final ObjectNode node = Json.MAPPER.createObjectNode();

        TaskBuilder(String id) {
            node.put("task_id", id);
            node.put("description", "task " + id);
        }

        public TaskBuilder needs(String skill, double level) {
            (node.has("required_skills") ? (ObjectNode) node.get("required_skills") : node.putObject("required_skills"))
                    .put(skill, level);
            return this;
        }

        public TaskBuilder hours(double hours) {
            node.put("estimated_hours", hours);
            return this;
        }

        public TaskBuilder priority(int priority) {
            node.put("priority", priority);
            return this;
        }

        public TaskBuilder date(String scheduledDate) {
            node.put("scheduled_date", scheduledDate);
            return this;
        }

        public TaskBuilder type(String taskType) {
            node.put("task_type", taskType);
            return this;
        }

        public TaskBuilder dependsOn(String... ids) {
            ArrayNode deps = array("dependencies");
            for (String id : ids) {
                deps.add(id);
            }
            return this;
        }

        public TaskBuilder followUps(String... ids) {
            ArrayNode f = array("follow_up_tasks");
            for (String id : ids) {
                f.add(id);
            }
            return this;
        }

        private ArrayNode array(String field) {
            return node.has(field) ? (ArrayNode) node.get(field) : node.putArray(field);
        }

        /** A meeting_required task with these attendees (none is allowed, to test that case). */
        public TaskBuilder meeting(String... attendees) {
            node.put("meeting_required", true);
            ArrayNode a = node.putArray("attendees");
            for (String id : attendees) {
                a.add(id);
            }
            return this;
        }
    }
}
