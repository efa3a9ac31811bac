package io.conclave.engine.project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.Task;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.TakeSnapshot;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;

/**
 * What a project would have decided under another policy: its journal, as it is at the moment of the dry run
 * (a snapshot: the project goes on meanwhile), replayed twice into scratch copies that journal to memory and
 * publish nothing. Once as it ran (each entry under the version it recorded: the decisions the project holds
 * now), once with every entry under the candidate (a pin becomes a no-op: the question is what the candidate
 * would have decided). An entry the candidate refuses or loops on is rolled back in the scratch copy and
 * reported; the replay goes on. Each entry has the firing cap of a command; the whole is bounded by a
 * wall-clock deadline, checked between entries and inside replayed run steps. Optionally both copies then run
 * the same simulated run (same request, same seed) to its end.
 */
public final class DryRun {
    /** Simulated events a simulation step handles before the next step gets a fresh firing cap. */
    private static final int EVENTS_PER_STEP = 1_000;

    private DryRun() {
    }

    /** An entry a side did not accept: its number, type and actor, and the error it met. */
    public record Refused(long seq, String type, String actor, String error, String message) {
    }

    /** A task at the end of a side's replay. */
    public record TaskState(String taskId, String status, String assignee, List<String> attendees,
                            String statusReason) {
        static TaskState of(Task t) {
            return new TaskState(t.getTaskId(), t.getStatus().name(), t.getAssignee(), List.copyOf(t.getAttendees()),
                    t.getStatusReason());
        }
    }

    /**
     * One side: the versions its decisions were made under, its tasks and ledger after the entries it replayed,
     * the entries it refused, how many it replayed, and why it stopped early (null when it replayed all; {@code
     * timedOut} when the wall-time limit stopped it); with a simulation, the run's report (null if it failed:
     * {@code simulationError} says why).
     */
    public record Side(List<String> versions, List<TaskState> tasks, List<Decision> ledger, List<Refused> refused,
                       int replayed, String stopped, boolean timedOut, RunReport simulation, String simulationError) {
        /** Entries this side looked at: replayed or refused. */
        int examined() {
            return replayed + refused.size();
        }
    }

    /**
     * Both sides of a dry run over the journal from entry {@code firstSeq} to entry {@code lastSeq} ({@code
     * entries} entries). {@code firstSeq} is 1 (the creation) unless the journal kept only the entries from a
     * snapshot on: both sides then start from the state of that snapshot's marker, as the project decided it.
     */
    public record Result(long firstSeq, long lastSeq, int entries, boolean runOpen, Side now, Side candidate) {
        /** True when both sides replayed every entry of the snapshot. */
        public boolean complete() {
            return now.stopped() == null && candidate.stopped() == null;
        }
    }

    /**
     * Replays {@code project}'s journal under {@code candidate} and as it ran. {@code simulate}: a completed run
     * request to run on both copies afterwards (null: none); refused with 409 when the snapshot has an open run,
     * which a second run could not start beside. {@code limitNanos}: the wall time each side may take.
     */
    public static Result of(ProjectRuntime project, Policy candidate, RunRequest simulate, long limitNanos) {
        JournalCopy snapshot = project.snapshot();
        if (simulate != null && snapshot.runOpen()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "run_in_progress", "project " + project.id()
                    + " has an open run: a dry run replays it as a snapshot, but cannot simulate another run beside it;"
                    + " ask without simulate, or once the run ended");
        }
        List<JournalEntry<ProjectCommand>> entries = snapshot.entries();
        JournaledRuntime.Setting live = project.setting;
        JournaledRuntime.Setting underCandidate = scratchSetting(live, new PolicySource() {
            @Override
            public Policy active() {
                return candidate;
            }

            @Override
            public Policy byVersion(String version) {
                return candidate;
            }
        });
        // a snapshot marker's digest is of the state as the project ran: under the candidate the state differs
        List<JournalEntry<ProjectCommand>> rewritten = entries.stream().map(e -> new JournalEntry<ProjectCommand>(
                e.seq(), e.actor(), candidate.version(), e.recordedAt(),
                e.command() instanceof PinPolicy ? new SwitchPolicy(candidate.version())
                        : e.command() instanceof TakeSnapshot ? new TakeSnapshot(null) : e.command())).toList();
        Side other = replay(project.id(), project.drivers(), underCandidate, rewritten, rewritten.size(), snapshot.startState(), simulate,
                limitNanos);
        // the side as it ran replays exactly as far, so both compare the same commands
        Side now = replay(project.id(), project.drivers(), scratchSetting(live, live.policies()), entries,
                other.timedOut() ? other.examined() : entries.size(), snapshot.startState(), simulate, limitNanos);
        long firstSeq = entries.isEmpty() ? 0 : entries.get(0).seq();
        long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        return new Result(firstSeq, lastSeq, entries.size(), snapshot.runOpen(), now, other);
    }

    /**
     * Replays the entries of a journal that is not a live project's (an evidence export, checked offline) as they
     * ran: each entry under the version it recorded, from {@code policies}, into a scratch project {@code projectId}
     * starting from its creation (or from {@code startState} when the first entry is a snapshot's marker). The
     * side's ledger is the decisions the entries make; an entry that does not apply is named among the refused.
     */
    public static Side asRecorded(String projectId, PolicySource policies, RunDriver.Factory drivers, int maxFirings,
                                  List<JournalEntry<ProjectCommand>> entries, String startState, long limitNanos) {
        JournaledRuntime.Setting setting = new JournaledRuntime.Setting(policies, maxFirings,
                java.time.Clock.systemUTC(), e -> { });
        return replay(projectId, drivers, setting, entries, entries.size(), startState, null, limitNanos);
    }

    private static JournaledRuntime.Setting scratchSetting(JournaledRuntime.Setting live, PolicySource policies) {
        return new JournaledRuntime.Setting(policies, live.maxFirings(), live.wallClock(), e -> { });
    }

    private static Side replay(String projectId, RunDriver.Factory drivers, JournaledRuntime.Setting setting,
                               List<JournalEntry<ProjectCommand>> entries, int upTo, String startState,
                               RunRequest simulate, long limitNanos) {
        long deadline = System.nanoTime() + limitNanos;
        ProjectRuntime scratch = ProjectRuntime.scratch(projectId, setting, drivers, startState);
        scratch.replayDeadline(deadline);
        List<Refused> refused = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        int replayed = 0;
        String stopped = null;
        boolean timedOut = false;
        try {
            for (int i = 0; i < upTo && i < entries.size(); i++) {
                JournalEntry<ProjectCommand> e = entries.get(i);
                if (System.nanoTime() > deadline) {
                    stopped = "the wall-time limit of " + limitNanos / 1_000_000_000 + " s was reached after entry "
                            + (i == 0 ? 0 : entries.get(i - 1).seq()) + " of " + entries.get(entries.size() - 1).seq();
                    timedOut = true;
                    break;
                }
                try {
                    scratch.replayOne(e);
                    replayed++;
                    versions.add(e.policyVersion());
                } catch (CommandException ex) {
                    refused.add(new Refused(e.seq(), e.type(), e.actor(), ex.code(), ex.getMessage()));
                    if (i == 0 || "replay_failed".equals(ex.code())) {
                        stopped = "entry " + e.seq() + " (" + e.type() + ") could not be applied, so nothing after it"
                                + " could be: " + ex.getMessage();
                        break;
                    }
                } catch (RuntimeException ex) {
                    refused.add(new Refused(e.seq(), e.type(), e.actor(), "failed", String.valueOf(ex.getMessage())));
                    if (i == 0) {
                        stopped = "the creation could not be applied: " + ex.getMessage();
                        break;
                    }
                }
            }
            if (replayed == 0) {
                return new Side(List.copyOf(versions), List.of(), List.of(), refused, 0, stopped, timedOut, null, null);
            }
            List<TaskState> tasks = scratch.read(s -> s.tasks().stream().map(TaskState::of).toList());
            List<Decision> ledger = scratch.read(s -> List.copyOf(s.ledger()));
            RunReport report = null;
            String simulationError = null;
            if (simulate != null && stopped == null) {
                try {
                    report = scratch.simulate(simulate, EVENTS_PER_STEP, deadline);
                    if (System.nanoTime() > deadline) {
                        simulationError = "the wall-time limit of " + limitNanos / 1_000_000_000 + " s was reached "
                                + "during the simulated run: its report is partial";
                    }
                } catch (CommandException ex) {
                    simulationError = ex.getMessage();
                }
            }
            return new Side(List.copyOf(versions), tasks, ledger, refused, replayed, stopped, timedOut, report,
                    simulationError);
        } finally {
            try {
                scratch.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // a scratch copy holds nothing on disk
            }
        }
    }
}
