package io.conclave.engine.project;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.RestoreCheckpoint;
import io.conclave.model.command.StartRun;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.StopRun;
import io.conclave.model.command.UnpinPolicy;

/**
 * What a project publishes for one journaled entry: the command itself where listeners care (created, pinned, a
 * task report, a run's start, progress, end and restore), then the entry's decisions as task events. A simulated
 * run is one event with its totals rather than thousands.
 */
final class ProjectEvents {
    /**
     * The decisions of a simulated run that are published one by one: where it stopped. Its assignments,
     * starts and completions are simulated agents' business: real agents (their inboxes, the meeting-task
     * worker) must not act on them; RUN_PROGRESS reports them in bulk.
     */
    private static final Set<DecisionKind> RUN_DECISIONS = EnumSet.of(DecisionKind.CHECKPOINT,
            DecisionKind.RUN_PAUSED, DecisionKind.RUN_RESUMED);

    private final String id;
    private final Consumer<ServiceEvent> events;

    /** Publishes the events of project {@code id} to {@code events}. */
    ProjectEvents(String id, Consumer<ServiceEvent> events) {
        this.id = id;
        this.events = events;
    }

    /** Publishes what {@code entry} did, as the project's state is right after it. */
    void publish(JournalEntry<ProjectCommand> entry, ProjectSession session, ProjectRuns runs) {
        ProjectCommand c = entry.command();
        publishRun(entry, runs);
        if (c instanceof CreateProject) {
            events.accept(ServiceEvent.task("PROJECT_CREATED", entry.recordedAt(), id, null, entry.actor(), null));
        } else if (c instanceof PinPolicy || c instanceof UnpinPolicy) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("policy_version", session.policy().version());
            if (c instanceof PinPolicy p) {
                body.put("reason", p.reason());
            } else if (((UnpinPolicy) c).reason() != null) {
                body.put("reason", ((UnpinPolicy) c).reason());
            }
            events.accept(ServiceEvent.task(c instanceof PinPolicy ? "POLICY_PINNED" : "POLICY_UNPINNED",
                    entry.recordedAt(), id, null, entry.actor(), body));
        } else if (c instanceof ReportTask report) {
            String type = switch (report.kind()) {
                case START -> "TASK_STARTED";
                case COMPLETE -> "TASK_COMPLETED";
                case FAIL -> "TASK_FAILED";
            };
            events.accept(ServiceEvent.task(type, entry.recordedAt(), id, report.taskId(), entry.actor(),
                    Json.MAPPER.valueToTree(report)));
        }
        boolean simulated = (c instanceof StartRun start && !start.request().realAgents()) || c instanceof StepRun
                || c instanceof StopRun || c instanceof RestoreCheckpoint;
        for (Decision d : session.latestDecisions(entry.seq())) {
            if (simulated && !RUN_DECISIONS.contains(d.getKind())) {
                continue;
            }
            String type = d.getKind().eventType();
            if (type != null) {
                // a call for proposals addresses every invited agent (its agent_ids), not the first one
                boolean one = !d.getAgentIds().isEmpty() && d.getKind() != DecisionKind.ANNOUNCED;
                // the decision's JSON is built only when someone reads the event (decisions do not change)
                events.accept(ServiceEvent.lazyTask(type, entry.recordedAt(), id, d.getTaskId(),
                        one ? d.getAgentIds().get(0) : null, () -> Json.MAPPER.valueToTree(d)));
            }
        }
    }

    /** Run events: RUN_STARTED, RUN_PROGRESS after every step, RUN_COMPLETED or RUN_FAILED at the end, RUN_RESTORED. */
    private void publishRun(JournalEntry<ProjectCommand> entry, ProjectRuns runs) {
        ProjectCommand c = entry.command();
        if (c instanceof StartRun) {
            events.accept(ServiceEvent.task("RUN_STARTED", entry.recordedAt(), id, null, entry.actor(),
                    Json.MAPPER.valueToTree(c)));
        } else if (c instanceof StepRun || c instanceof StopRun) {
            String runId = c instanceof StepRun s ? s.runId() : ((StopRun) c).runId();
            ProjectRun run = runs.get(runId);
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", runId)
                    .put("status", run.status().name()).put("reason", run.reason());
            body.set("progress", Json.MAPPER.valueToTree(run.progress()));
            events.accept(ServiceEvent.task("RUN_PROGRESS", entry.recordedAt(), id, null, entry.actor(), body));
            if (!run.open()) {
                body.set("task_summary", Json.MAPPER.valueToTree(run.report().taskSummary()));
                events.accept(ServiceEvent.task("RUN_" + run.status().name(), entry.recordedAt(), id, null,
                        entry.actor(), body));
            }
        } else if (c instanceof RestoreCheckpoint) {
            events.accept(ServiceEvent.task("RUN_RESTORED", entry.recordedAt(), id, null, entry.actor(),
                    Json.MAPPER.valueToTree(c)));
        }
    }
}
