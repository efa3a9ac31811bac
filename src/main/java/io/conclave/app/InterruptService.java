package io.conclave.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectSession;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Json;
import io.conclave.model.JsonFields;
import io.conclave.model.JsonPaths;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.AddedTasks;
import io.conclave.model.run.Interrupt;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;

/**
 * CEO interrupts behind the REST layer: checks the request (every problem at once, with its JSON path;
 * a task to add is checked as a task of the project file), journals it as {@link JournalEntry#INTERRUPT}
 * and lets the oversight rules apply or refuse it. The project's lock makes it land between two steps
 * of a run, never inside a rule cascade.
 */
@ApplicationScoped
public class InterruptService {
    /** The fields each action takes besides {@code action} and {@code reason}. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "pause", Set.of(), "resume", Set.of(), "status", Set.of(),
            "skip", Set.of("task_id"), "reprioritise", Set.of("task_id", "priority"), "add_task", Set.of("task"));
    private static final int MAX_REASON = 500;

    private final ProjectRegistry registry;

    public InterruptService(Engine engine) {
        this.registry = engine.projects();
    }

    /** An accepted interrupt as the audit trail holds it, and the decisions its command made (in ledger order). */
    public record Audit(InterruptRecord record, List<io.conclave.model.Decision> decisions) {
    }

    /** Applies an interrupt requested by {@code actor}; returns its audit record. */
    public Audit interrupt(String projectId, String actor, JsonNode body) {
        ProjectService.checkId(projectId, "project_id");
        ObjectNode journaled = check(body);
        String action = journaled.get("action").asText();
        return registry.get(projectId).command(JournalEntry.INTERRUPT, actor, journaled,
                s -> checkTask(s, action, journaled), s -> {
                    List<InterruptRecord> records = s.facts(InterruptLog.class).get(0).getRecords();
                    return audit(s, records.get(records.size() - 1));
                });
    }

    /** The audit trail in order. */
    public List<Audit> trail(String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return registry.get(projectId).read(s -> {
            List<Audit> out = new ArrayList<>();
            s.facts(InterruptLog.class).forEach(log -> log.getRecords().forEach(r -> out.add(audit(s, r))));
            return out;
        });
    }

    private static Audit audit(ProjectSession s, InterruptRecord r) {
        return new Audit(r, s.ledger().stream().filter(d -> d.getCommandSeq() == r.commandSeq()).toList());
    }

    /** The body as it will be journaled, or 400 with every problem. */
    private static ObjectNode check(JsonNode body) {
        JsonFields f = new JsonFields();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Problem("$", "an interrupt must be a JSON object { action, ... }")));
        }
        String action = f.text(body, "action", "$.action", true, 40);
        if (action != null && !FIELDS.containsKey(action)) {
            f.problem("$.action", "unknown action '" + action + "': use one of " + Interrupt.ACTIONS);
            action = null;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (action != null) {
            Set<String> known = new HashSet<>(FIELDS.get(action));
            known.add("action");
            known.add("reason");
            f.unknownFields(body, known, "$");
            out.put("action", action);
            if (known.contains("task_id")) {
                String taskId = f.id(body, "task_id", "$.task_id", "reprioritise".equals(action));
                if (taskId != null) {
                    out.put("task_id", taskId);
                }
            }
            if ("reprioritise".equals(action)) {
                Integer p = f.integer(body, "priority", "$.priority", 1, 5, null);
                if (p == null && !body.hasNonNull("priority")) {
                    f.problem("$.priority", "is required: the new priority, 1 to 5");
                }
                if (p != null) {
                    out.put("priority", p);
                }
            }
            if ("add_task".equals(action)) {
                JsonNode task = body.get("task");
                if (task == null || !task.isObject()) {
                    f.problem("$.task", "is required: a task in the project format { task_id, description, ... }");
                } else {
                    out.set("task", task);
                }
            }
        }
        String reason = f.text(body, "reason", "$.reason", false, MAX_REASON);
        if (reason != null) {
            out.put("reason", reason);
        }
        if (!f.problems().isEmpty()) {
            throw invalid(f.problems());
        }
        return out;
    }

    /** add_task: the task read and checked against the project as it is now (new id, known dependencies and attendees). */
    private static void checkTask(ProjectSession s, String action, ObjectNode body) {
        if (!"add_task".equals(action)) {
            return;
        }
        ProjectSpec.TaskSpec t;
        try {
            t = Json.MAPPER.treeToValue(body.get("task"), ProjectSpec.TaskSpec.class);
        } catch (JsonMappingException e) {
            throw invalid(List.of(new Problem("$.task" + JsonPaths.of(e).substring(1),
                    e.getOriginalMessage().lines().findFirst().orElse("wrong type"))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(List.of(new Problem("$.task", e.getOriginalMessage())));
        }
        Set<String> taskIds = new HashSet<>();
        s.tasks().forEach(x -> taskIds.add(x.getTaskId()));
        Set<String> agentIds = new HashSet<>();
        s.agents().forEach(a -> agentIds.add(a.getAgentId()));
        List<Problem> problems = AddedTasks.check(t, "$.task", taskIds, agentIds);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    private static EngineException invalid(List<Problem> problems) {
        return new EngineException(EngineException.Kind.INVALID, "invalid_request",
                problems.size() + " problem(s) in the request", problems);
    }
}
