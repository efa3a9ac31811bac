package io.conclave.app.project;

import io.conclave.model.Decision;
import java.time.Instant;
import io.conclave.model.DecisionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.Json;
import io.conclave.model.JsonPaths;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.AddedTasks;
import io.conclave.model.run.Interrupt;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;

/**
 * CEO interrupts behind the REST layer: checks the request (every problem at once, with its JSON path;
 * a task to add is checked as a task of the project file), journals it as a {@link SendInterrupt}
 * and lets the oversight rules apply or refuse it. The project's lock makes it land between two steps
 * of a run, never inside a rule cascade.
 */
@ApplicationScoped
public class InterruptService {
    private final ProjectRegistry registry;
    private final Checks checks;
    private final Access access;

    public InterruptService(Engine engine, Checks checks, Access access) {
        this.registry = engine.projects();
        this.checks = checks;
        this.access = access;
    }

    /**
     * One accepted interrupt: its id, action, task, who asked and when, what it changed in words, the
     * decisions its command made (the interrupt's own and what followed, e.g. an added task's
     * assignment) and, for {@code status}, the snapshot; {@code undoneBy}: the restore that took the project
     * back to before it (it stays in the trail).
     */
    public record AuditView(String interruptId, String action, String taskId, String requestedBy, Instant requestedAt,
                            String reason, String change, long commandSeq, String undoneBy, List<Decision> decisions,
                            Map<String, Object> snapshot) {
        public static AuditView of(InterruptService.Audit a) {
            var r = a.record();
            Map<String, Object> snapshot = a.decisions().stream().filter(d -> d.getKind() == DecisionKind.STATUS_REPORTED)
                    .map(Decision::getDetails).findFirst().orElse(null);
            return new AuditView(r.interruptId(), r.action(), r.taskId(), r.requestedBy(), r.requestedAt(), r.reason(),
                    r.change(), r.commandSeq(), r.undoneBy(), a.decisions(), snapshot);
        }
    }

    /** An accepted interrupt as the audit trail holds it, and the decisions its command made (in ledger order). */
    public record Audit(InterruptRecord record, List<io.conclave.model.Decision> decisions) {
    }

    /** Applies an interrupt requested by {@code actor}; returns its audit record. */
    public Audit interrupt(Caller caller, String projectId, SendInterrupt body) {
        caller.mustOperate("interrupt a project");
        String actor = caller.name();
        Checks.id(projectId, "project_id");
        SendInterrupt command = checks.valid(body, "an interrupt { action, ... }");
        // the record and the decisions of the command just applied: the latest of each, found without a pass over the
        // project's history (which every interrupt made longer)
        return registry.get(projectId).command(command, actor, s -> checkTask(s, command), s -> {
            InterruptRecord r = s.facts(InterruptLog.class).get(0).latest();
            return new Audit(r, List.copyOf(s.latestDecisions(r.commandSeq())));
        });
    }

    /** The audit trail in order. */
    public List<Audit> trail(Caller caller, String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return access.project(caller, projectId).read(s -> {
            // the ledger grouped by command once, in its order, not filtered again for every record
            Map<Long, List<Decision>> byCommand = new HashMap<>();
            for (Decision d : s.ledger()) {
                byCommand.computeIfAbsent(d.getCommandSeq(), k -> new ArrayList<>()).add(d);
            }
            List<Audit> out = new ArrayList<>();
            s.facts(InterruptLog.class).forEach(log -> log.getRecords().forEach(r ->
                    out.add(new Audit(r, List.copyOf(byCommand.getOrDefault(r.commandSeq(), List.of()))))));
            return out;
        });
    }

    /** add_task: the task read and checked against the project as it is now (new id, known dependencies and attendees). */
    private static void checkTask(ProjectSession s, SendInterrupt command) {
        ProjectSpec.TaskSpec t = command.task();
        if (t == null) {
            return;
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

    private static CommandException invalid(List<Problem> problems) {
        return new CommandException(CommandException.Kind.INVALID, "invalid_request",
                problems.size() + " problem(s) in the request", problems);
    }
}
