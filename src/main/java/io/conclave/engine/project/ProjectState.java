package io.conclave.engine.project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.owner.JournaledRuntime.Setting;
import io.conclave.engine.policy.Policy;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Announcement;
import io.conclave.model.CommandException;
import io.conclave.model.JournalStamped;
import io.conclave.model.Json;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.LegacyRun;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.RepairJournal;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.RestoreCheckpoint;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.command.StartRun;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.StopRun;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.Tick;
import io.conclave.model.command.UnpinPolicy;
import io.conclave.model.memory.Propagation;
import io.conclave.model.resource.SharedResource;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;
import io.conclave.engine.policy.Outputs;

/**
 * The state a project's journal builds, and how one entry changes it: the session the rules decide in, the runs
 * and checkpoints, what real agents reported, the policy pin. The same {@link #apply} serves live commands and
 * replays; the state also goes to text and back for a snapshot. Changed only under the project's write lock.
 */
final class ProjectState {
    /** The project's log category: what this state logs, the project logs. */
    private static final Logger LOG = Logger.getLogger(ProjectRuntime.class);

    private final String id;
    private final Setting setting;
    private final RunDriver.Factory drivers;
    /** Rebuilds the state as it was right after an entry (a restore): the project replays its history up to it. */
    private final LongConsumer rebuildTo;
    ProjectSession session;
    final ProjectRuns runs;
    /** What real agents reported, on the service's clock: the reports of runs of real agents and of the project. */
    final WorkLog work = new WorkLog();
    /** Wall-clock deadline ({@link System#nanoTime()}) of the live run step being applied. */
    long stepDeadline = Long.MAX_VALUE;
    /** Wall-clock deadline of a replayed run step: a dry run's bound; none for a project's own replay. */
    long replayDeadline = Long.MAX_VALUE;
    /** The pin the project keeps deciding under, or null when it follows the active policy. */
    PinPolicy pin;

    ProjectState(String id, Setting setting, RunDriver.Factory drivers, LongConsumer rebuildTo) {
        this.id = id;
        this.setting = setting;
        this.drivers = drivers;
        this.rebuildTo = rebuildTo;
        this.runs = new ProjectRuns(id);
    }

    /** The policy of an entry's version (compiled from the archive when it is not the active one). */
    private Policy policyOf(JournalEntry<ProjectCommand> e) {
        return setting.policies().byVersion(e.policyVersion());
    }

    /** Applies one entry other than a snapshot marker; returns a run step as journaled, else null (or the legacy run). */
    Object apply(JournalEntry<ProjectCommand> e) {
        ProjectCommand c = e.command();
        if (c instanceof CreateProject create) {
            session = ProjectSession.start(create.spec(), policyOf(e), setting.maxFirings(), e.seq(),
                    e.recordedAt().toEpochMilli());
            return null;
        }
        if (c instanceof RestoreCheckpoint restore) {
            // the interrupt audit trail is history: the records after the restored point stay, marked undone
            List<InterruptRecord> trail = session.facts(InterruptLog.class).stream()
                    .flatMap(l -> l.getRecords().stream()).toList();
            rebuildTo.accept(restore.seq());
            session.facts(InterruptLog.class).forEach(l -> l.carryOver(trail, restore.seq(),
                    "restore of " + restore.checkpointId()));
        }
        if (!session.policy().version().equals(e.policyVersion())) {
            session.beginCommand(e.seq());
            session.switchTo(policyOf(e));
        }
        session.beginCommand(e.seq());
        // the rules' clock is the entry's journal time, so a replay meets every deadline as the live command did
        ProjectRun open = runs.latest();
        LiveRun live = open != null && open.live() && open.open() ? (LiveRun) open.driver() : null;
        session.setTime(e.recordedAt().toEpochMilli());
        if (live != null && !(c instanceof Tick)) {
            live.enterDay(e.recordedAt()); // a tick that changes nothing is not journaled: days begin with commands
        }
        if (c instanceof ReportTask report) {
            Object outcome = live == null ? null : live.outcome(report, e.recordedAt());
            refuseIf(outcome == null ? session.post(report.toFact())
                    : session.post(report.toFact(), report.toFact().toString(), outcome));
            worked(report, e);
        } else if (c instanceof LegacyRun legacy) {
            runs.legacyRun(RunDriver.toEnd(drivers.start(session, "run", legacy.request())));
            return runs.legacyRun();
        } else if (c instanceof StartRun start) {
            runs.started(new ProjectRun(start.runId(), e.seq(), start.request().realAgents()
                    ? LiveRun.start(session, start.runId(), start.request(), work, e.recordedAt())
                    : drivers.start(session, start.runId(), start.request())));
        } else if (c instanceof StepRun step) {
            ProjectRun run = runs.get(step.runId());
            int handled = run.driver().step(step.live() ? Integer.MAX_VALUE : step.events(),
                    step.live() ? stepDeadline : replayDeadline);
            runs.afterStep(run, e, session);
            return step.handled(handled); // what a replay must do again
        } else if (c instanceof StopRun stop) {
            ProjectRun run = runs.get(stop.runId());
            run.driver().state().fail(stop.error());
            session.updateFact(run.driver().state());
            run.settle();
        } else if (c instanceof PinPolicy p) {
            pin = p;
            if (!session.policy().version().equals(p.version())) {
                session.switchTo(setting.policies().byVersion(p.version()));
            }
        } else if (c instanceof UnpinPolicy) {
            pin = null;
        } else if (!(c instanceof Tick || c instanceof SwitchPolicy || c instanceof RepairJournal || c instanceof RestoreCheckpoint)) {
            Object fact = CommandFacts.of(c, e.actor(), session, id);
            if (fact instanceof JournalStamped stamped) {
                stamped.stamp(e.seq(), e.actor(), e.recordedAt());
            }
            refuseIf(session.post(fact, fact.toString()));
            ProjectRun run = runs.latest();
            if (c instanceof SendInterrupt && run != null && run.open()) {
                run.interrupted();
            }
        }
        ProjectRun last = runs.latest();
        if (last != null && last.live()) {
            runs.afterStep(last, e, session); // a checkpoint a report reached becomes a saved state; an ended run keeps its report
        }
        return null;
    }

    /** Logs an accepted report on the service's clock, with whoever holds the task. */
    private void worked(ReportTask report, JournalEntry<ProjectCommand> e) {
        Task t = session.task(report.taskId());
        List<String> holders = t == null ? List.of(report.agentId()) : t.getAssignee() != null
                ? List.of(t.getAssignee()) : t.isMeetingRequired() ? t.getAttendees() : List.of(report.agentId());
        switch (report.kind()) {
            case START -> work.started(report.taskId(), e.recordedAt(), holders);
            case COMPLETE -> work.ended(report.taskId(), e.recordedAt(), "completed", holders);
            case FAIL -> work.ended(report.taskId(), e.recordedAt(), "failed", holders);
        }
    }

    private void refuseIf(Refusal refusal) {
        if (refusal != null) {
            throw CommandException.refused(refusal, !session.changedThisCommand());
        }
    }

    /**
     * The earliest of: the bid deadline of an open call for proposals, the next round of windows on a shared
     * resource, an eventual write of the shared memory due to reach the other copies.
     */
    Long wakeAt() {
        Long call = session.outputs(Outputs.ANNOUNCEMENTS).stream().filter(Announcement::isOpen)
                .map(Announcement::getDeadline).min(Long::compare).orElse(null);
        Long round = session.outputs(Outputs.SHARED_RESOURCES).stream()
                .map(SharedResource::getNextRoundAt).filter(Objects::nonNull)
                .min(Long::compare).orElse(null);
        Long memory = session.outputs(Outputs.PROPAGATIONS).stream()
                .map(Propagation::getDue).min(Long::compare).orElse(null);
        return Stream.of(call, round, memory).filter(Objects::nonNull).min(Long::compare).orElse(null);
    }

    /**
     * The live state as a snapshot's text: its session ({@link ProjectSession#snapshot}), the checkpoint numbering
     * and {@code followUpKeys}. None while a simulated run was ever started or a checkpoint is kept: a restore
     * rebuilds from the journal, and a run's simulated agents live outside the session.
     */
    String snapshot(List<String> followUpKeys) {
        if (runs.any()) {
            return null;
        }
        ObjectNode state = session.snapshot(problem -> LOG.warnf("project %s: no snapshot: %s", id, problem));
        if (state == null) {
            return null;
        }
        state.put("checkpoint_count", runs.checkpointCount());
        if (!followUpKeys.isEmpty()) { // the follow-ups applied before the snapshot are still refused after it
            followUpKeys.forEach(state.putArray("follow_up_keys")::add);
        }
        return state.toString();
    }

    /** Replaces the state by the one a snapshot's {@code state} describes; returns the follow-up keys it kept. */
    List<String> restore(String state, JournalEntry<ProjectCommand> marker) {
        try {
            JsonNode s = Json.JOURNAL.readTree(state);
            Policy policy = policyOf(marker);
            reset();
            session = ProjectSession.restore(s, policy, setting.maxFirings(), marker.seq());
            runs.checkpointCount(s.path("checkpoint_count").asInt());
            List<String> keys = new ArrayList<>();
            s.path("follow_up_keys").forEach(k -> keys.add(k.asText()));
            return keys;
        } catch (IOException e) {
            throw new IllegalStateException("project " + id + ": snapshot at entry " + marker.seq()
                    + " does not read: " + e.getMessage(), e);
        }
    }

    /** Forgets the whole state, closing the session. */
    void reset() {
        if (session != null) {
            session.close();
        }
        session = null;
        work.clear();
        runs.clear();
        pin = null;
    }
}
