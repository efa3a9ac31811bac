package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.FileJournal;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.SendInterrupt;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectListing;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;

/**
 * Owners that let their session go while idle ({@link JournaledRuntime#sleep}) and are rebuilt from their journal on
 * their next command or read. What is checked: a project put to sleep before every command and every read writes
 * the same journal, byte for byte, as one that never slept (snapshots included); a sleeping project whose time limit
 * passes acts on it at the tick as a live one does, and one whose limit has not passed is not rebuilt by the tick;
 * lists read what each owner kept and rebuild none (the number of live sessions is asserted); the registry's limit
 * keeps at most that many sessions; commands racing evictions lose nothing; a restart reads the same.
 */
public class LiveOwnersTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

    private static ProjectRegistry registry(Path data, int every) {
        return new ProjectRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, FIXED,
                e -> { }).withSnapshots(every), ProjectRegistry.NO_RUNS);
    }

    private static ProjectSpec example(String id) throws IOException {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                Path.of("projects/product_launch_coordination.json")));
        node.put("project_id", id);
        return Json.MAPPER.treeToValue(node, ProjectSpec.class);
    }

    /**
     * The example project worked by its agents (as {@link SnapshotTest} works it: each assigned task started, each
     * started one completed, a status interrupt between the rounds), with {@code between} run before every read
     * and every command: the sleepy twin puts the project to sleep there.
     */
    private static int work(ProjectRuntime rt, Runnable between) {
        int commands = 0;
        for (int round = 0; round < 30; round++) {
            between.run();
            List<Task> assigned = rt.read(s -> s.tasks().stream().filter(t -> t.getStatus() == TaskStatus.ASSIGNED
                    && t.getAssignee() != null).toList());
            between.run();
            List<Task> started = rt.read(s -> s.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS)
                    .toList());
            if (assigned.isEmpty() && started.isEmpty()) {
                break;
            }
            for (Task t : started) {
                between.run();
                rt.report(TaskEvent.Kind.COMPLETE, t.getTaskId(), t.getAssignee(), s -> { });
                commands++;
            }
            for (Task t : assigned) {
                between.run();
                rt.report(TaskEvent.Kind.START, t.getTaskId(), t.getAssignee(), s -> { });
                commands++;
            }
            between.run();
            rt.command(new SendInterrupt("status", null, null, null, "round " + round), "ceo", s -> { });
            commands++;
        }
        return commands;
    }

    private static String journal(Path data, String id) throws IOException {
        return Files.readString(data.resolve("projects").resolve(id).resolve(FileJournal.FILE));
    }

    @Test
    void aProjectPutToSleepBeforeEveryCommandWritesTheSameJournalAsOneThatNeverSlept(@TempDir Path awake,
                                                                                     @TempDir Path sleepy)
            throws IOException {
        int commands;
        try (ProjectRegistry p = registry(awake, 4)) {
            commands = work(p.create(example("launch"), "operator"), () -> { });
        }
        int[] slept = {0};
        try (ProjectRegistry p = registry(sleepy, 4)) {
            ProjectRuntime rt = p.create(example("launch"), "operator");
            work(rt, () -> {
                assertTrue(rt.sleep(), "an idle project without a run may sleep");
                assertTrue(rt.asleep());
                slept[0]++;
            });
            assertFalse(rt.asleep(), "the last read rebuilt it");
        }
        // the workload did something (tasks completed over several rounds), and every step began asleep
        assertTrue(commands > 10, "commands: " + commands);
        assertTrue(slept[0] > commands, "slept: " + slept[0]);
        String expected = journal(awake, "launch");
        assertTrue(expected.contains("\"type\":\"snapshot\""), "snapshots were taken, so rebuilds started from them");
        assertEquals(expected, journal(sleepy, "launch"));
    }

    @Test
    void listsReadWhatEachProjectKeptAndRebuildNone(@TempDir Path data) throws IOException {
        try (ProjectRegistry p = registry(data, 0)) {
            List<ProjectListing> live = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ProjectRuntime rt = p.create(example("p" + i), "operator");
                rt.command(new SendInterrupt("status", null, null, null, "hello"), "ceo", s -> { });
                live.add(rt.summary());
            }
            assertEquals(5, p.liveCount());
            p.keepLive(2, null);
            // over the limit, the least recently used sleep until a tenth of it is free: 2 - 2/10 = 2 stay live
            assertEquals(2, p.liveCount());
            assertTrue(p.get("p0").asleep() && p.get("p1").asleep() && p.get("p2").asleep());
            assertFalse(p.get("p3").asleep() || p.get("p4").asleep(), "the most recently used stay live");
            // the list: every summary as it was, and no project rebuilt for it
            List<ProjectListing> listed = p.all().stream().map(ProjectRuntime::summary).toList();
            assertEquals(live, listed);
            assertEquals(2, p.liveCount());
            assertEquals(live.get(0).policyVersion(), p.get("p0").policyVersion());
            assertEquals(2, p.liveCount(), "nor for the policy version it runs");
            // a read rebuilds the one read, and the limit lets the least recently used live one (p3) go
            int tasks = p.get("p0").read(s -> s.tasks().size());
            assertEquals(live.get(0).tasks(), tasks);
            assertFalse(p.get("p0").asleep());
            assertTrue(p.get("p3").asleep());
            assertEquals(2, p.liveCount());
        }
    }

    @Test
    void aSleepingProjectActsOnItsTimeLimitAtTheTickAsALiveOneDoes(@TempDir Path awake, @TempDir Path sleepy)
            throws IOException {
        String[] journals = new String[2];
        Path[] dirs = {awake, sleepy};
        for (int k = 0; k < 2; k++) {
            ContractNetJournalTest.TestClock clock = new ContractNetJournalTest.TestClock();
            try (ProjectRegistry r = new ProjectRegistry(dirs[k], MeetingStoreTest.shipped(), 100_000, clock)) {
                ProjectRuntime rt = r.create(io.conclave.app.ProjectSchemaCheck.spec(ContractNetJournalTest.PROJECT),
                        "operator");
                long start = clock.millis.get();
                rt.command(ContractNetJournalTest.bid("cid", 40), "cid", s -> { });
                rt.command(ContractNetJournalTest.bid("ann", 30), "ann", s -> { });
                boolean sleeps = k == 1;
                if (sleeps) {
                    assertTrue(rt.sleep());
                }
                // 59 minutes after the call opened: the bid window is still open, the tick rebuilds nothing
                clock.millis.set(start + 59 * 60_000);
                r.tickAll();
                assertEquals(sleeps, rt.asleep(), "a limit not passed leaves a sleeping project asleep");
                // the 60-minute window passed: the tick rebuilds it and the rules close the call
                clock.millis.set(start + 60 * 60_000);
                r.tickAll();
                assertFalse(rt.asleep());
                assertEquals("ann", rt.read(s -> s.task("t").getAssignee()));
            }
            journals[k] = journal(dirs[k], "cn");
        }
        assertTrue(journals[0].contains("\"type\":\"tick\""), journals[0]);
        assertEquals(journals[0], journals[1]);
    }

    @Test
    void commandsRacingEvictionsLoseNothingAndARestartReadsTheSame(@TempDir Path data, @TempDir Path twin)
            throws Exception {
        int n = 150;
        int sent;
        String raced;
        try (ProjectRegistry p = registry(data, 0)) {
            ProjectRuntime rt = p.create(example("race"), "operator");
            AtomicBoolean done = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger evictions = new java.util.concurrent.atomic.AtomicInteger();
            Thread evictor = new Thread(() -> {
                while (!done.get()) {
                    if (rt.sleep()) {
                        evictions.incrementAndGet();
                    }
                    Thread.onSpinWait();
                }
            });
            evictor.start();
            try {
                // at least n commands, and more until the evictor got in at least once (on a busy machine the
                // evictor's thread may not run during the first n): the twin below sends as many
                for (sent = 0; sent < n || evictions.get() == 0 && sent < 50 * n; sent++) {
                    rt.command(new SendInterrupt("status", null, null, null, "note " + sent), "ceo", s -> { });
                    if (sent >= n) {
                        Thread.yield();
                    }
                }
            } finally {
                done.set(true);
                evictor.join();
            }
            assertTrue(evictions.get() > 0, "the evictor got in between the commands");
            raced = interrupts(rt);
        }
        try (ProjectRegistry p = registry(twin, 0)) {
            ProjectRuntime rt = p.create(example("race"), "operator");
            for (int i = 0; i < sent; i++) {
                rt.command(new SendInterrupt("status", null, null, null, "note " + i), "ceo", s -> { });
            }
            assertEquals(interrupts(rt), raced);
        }
        // every command in the journal, once, in order: the same bytes as the twin's that no one evicted
        assertEquals(journal(twin, "race"), journal(data, "race"));
        try (ProjectRegistry p = registry(data, 0)) {
            p.recoverAll();
            assertEquals(raced, interrupts(p.get("race")));
        }
    }

    /** The interrupts the project recorded, one line each. */
    private static String interrupts(ProjectRuntime rt) {
        return rt.read(s -> {
            StringBuilder b = new StringBuilder();
            s.facts(io.conclave.model.run.InterruptLog.class).forEach(l -> l.getRecords().forEach(r -> b
                    .append(r.action()).append(' ').append(r.reason()).append('\n')));
            return b.toString();
        });
    }
}
