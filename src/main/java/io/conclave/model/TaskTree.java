package io.conclave.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.ProjectSpec.TaskSpec;

/**
 * The tasks of a project file with their decompositions unfolded: every task in file order, each
 * followed by the subtasks written inline in it (depth first), with the JSON path each came from, and
 * one {@link Subtask} edge per entry of a {@code subtasks} list (inline or by id). An inline subtask
 * without a {@code task_id} is named after its parent: {@code <parent>.<n>}, n counted from 1.
 */
public record TaskTree(List<Node> nodes, List<Subtask> edges, List<Problem> problems) {

    /** One task and where it was written ({@code $.tasks[2].subtasks[0]}). */
    public record Node(TaskSpec spec, String path) {
    }

    public static TaskTree of(List<TaskSpec> tasks) {
        List<Node> nodes = new ArrayList<>();
        List<Subtask> edges = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            unfold(tasks.get(i), "$.tasks[" + i + "]", nodes, edges, problems);
        }
        return new TaskTree(nodes, edges, problems);
    }

    private static void unfold(TaskSpec t, String path, List<Node> nodes, List<Subtask> edges, List<Problem> problems) {
        nodes.add(new Node(t, path));
        if (t == null) {
            return;
        }
        List<JsonNode> subtasks = t.subtasksOrEmpty();
        for (int k = 0; k < subtasks.size(); k++) {
            JsonNode s = subtasks.get(k);
            String at = path + ".subtasks[" + k + "]";
            if (s != null && s.isTextual()) {
                edges.add(new Subtask(t.taskId(), s.asText(), k));
            } else if (s != null && s.isObject()) {
                TaskSpec inline;
                try {
                    inline = Json.MAPPER.treeToValue(s, TaskSpec.class);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problems.add(new Problem(at, "is not a task: " + e.getOriginalMessage().lines().findFirst().orElse("")));
                    continue;
                }
                if (inline.taskId() == null && t.taskId() != null) {
                    inline = named(inline, t.taskId() + "." + (k + 1));
                }
                edges.add(new Subtask(t.taskId(), inline.taskId(), k));
                unfold(inline, at, nodes, edges, problems);
            } else {
                problems.add(new Problem(at, "must be a task id or a task object"));
            }
        }
    }

    private static TaskSpec named(TaskSpec t, String id) {
        return new TaskSpec(id, t.description(), t.scheduledDate(), t.estimatedHours(), t.priority(),
                t.meetingRequired(), t.attendees(), t.requiredSkills(), t.dependencies(), t.followUpTasks(),
                t.taskType(), t.coordination(), t.requiredCapability(), t.complexity(), t.resources(), t.subtasks(),
                t.onSubtaskFailure(), t.retries(), t.manager());
    }

    /** The parent of each subtask, by child id. */
    public Map<String, String> parents() {
        Map<String, String> out = new HashMap<>();
        edges.forEach(e -> out.putIfAbsent(e.getChild(), e.getParent()));
        return out;
    }

    /** The task specs alone, in unfolded order. */
    public List<TaskSpec> specs() {
        return nodes.stream().map(Node::spec).toList();
    }
}
