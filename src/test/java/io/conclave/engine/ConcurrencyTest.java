package io.conclave.engine;

import io.conclave.model.CommandException;
import io.conclave.model.command.ProjectCommand;
import io.conclave.journal.CommandCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.FileJournal;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;

/**
 * One writer per project, many projects in parallel: agents reporting on the same project at the
 * same moment are serialised without losing a report, while other projects are created alongside.
 */
public class ConcurrencyTest {
    private static final int AGENTS = 8;

    /** Agent a{i} alone has skill s{i}, task t{i} needs s{i}: each task goes to its own agent. */
    private static JsonNode project(String id) throws Exception {
        StringBuilder agents = new StringBuilder();
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < AGENTS; i++) {
            agents.append(i == 0 ? "" : ",").append("{\"agent_id\":\"a").append(i)
                    .append("\",\"skill_levels\":{\"s").append(i).append("\":5}}");
            tasks.append(i == 0 ? "" : ",").append("{\"task_id\":\"t").append(i)
                    .append("\",\"required_skills\":{\"s").append(i).append("\":5}}");
        }
        return Json.MAPPER.readTree("{\"project_id\":\"" + id + "\",\"agents\":[" + agents + "],\"tasks\":[" + tasks + "]}");
    }

    static ProjectRegistry registry(Path rules, Path data) throws Exception {
        PolicyHost policies = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(ConcurrencyTest.class.getClassLoader()));
        policies.start();
        ProjectRegistry registry = new ProjectRegistry(data, policies, 100_000, Clock.systemUTC());
        registry.recoverAll();
        return registry;
    }

    static void create(ProjectRegistry registry, String id) throws Exception {
        JsonNode node = project(id);
        registry.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
    }

    @Test
    void simultaneousReportsOnOneProjectAreAllAppliedAndJournaledInOneOrder(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        ProjectRegistry registry = registry(Path.of("rules"), data);
        create(registry, "shared");
        ProjectRuntime shared = registry.get("shared");

        ExecutorService pool = Executors.newFixedThreadPool(AGENTS + 2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "a" + i;
            String task = "t" + i;
            work.add(pool.submit(() -> {
                go.await();
                shared.report(TaskEvent.Kind.START, task, agent, s -> { });
                shared.report(TaskEvent.Kind.COMPLETE, task, agent, s -> { });
                return null;
            }));
        }
        for (int p = 0; p < 2; p++) {
            String id = "other" + p;
            work.add(pool.submit(() -> {
                go.await();
                create(registry, id);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Every report landed: all 8 tasks COMPLETED, each agent back to 0 open tasks.
        assertEquals(List.of("COMPLETED"), shared.read(s -> s.tasks().stream().map(t -> t.getStatus().name()).distinct().toList()));
        assertEquals(List.of(0), shared.read(s -> s.agents().stream().map(a -> a.getOpenTasks()).distinct().toList()));
        // Per task: ASSIGNED (at creation), IN_PROGRESS, COMPLETED, and one capacity release.
        long released = shared.read(s -> s.ledger().stream().filter(d -> d.getKind() == DecisionKind.CAPACITY_RELEASED).count());
        assertEquals(AGENTS, released);
        // The journal holds the creation and the 16 reports, numbered 1..17 without gap or repeat.
        List<JournalEntry<ProjectCommand>> entries = new FileJournal<>(data.resolve("projects/shared"),
                CommandCodec.PROJECT).read().entries();
        assertEquals(LongStream.rangeClosed(1, 1 + 2L * AGENTS).boxed().toList(),
                entries.stream().map(JournalEntry::seq).toList());
        // The projects created alongside are there too.
        assertEquals(List.of("other0", "other1", "shared"), registry.all().stream().map(ProjectRuntime::projectId).toList());

        // Replaying the journal in its order rebuilds the same ledger.
        List<String> before = shared.read(s -> s.ledger().stream().map(d -> d.getSeq() + " " + d.getKind() + " " + d.getTaskId()).toList());
        registry.close();
        ProjectRegistry again = registry(Path.of("rules"), data);
        assertEquals(before, again.get("shared").read(s -> s.ledger().stream().map(d -> d.getSeq() + " " + d.getKind() + " " + d.getTaskId()).toList()));
        again.close();
        assertEquals(true, Files.exists(data.resolve("projects/other1/journal.jsonl")));
    }

    @Test
    void aCommandOnADeletedProjectIsRefusedAndLeavesNoJournalBehind(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        ProjectRegistry registry = registry(Path.of("rules"), data);
        create(registry, "gone");
        ProjectRuntime held = registry.get("gone"); // a caller that looked the project up before the delete
        registry.delete("gone");

        CommandException e = org.junit.jupiter.api.Assertions.assertThrows(CommandException.class,
                () -> held.startRun(new io.conclave.model.run.RunRequest("fully_automated", 0L, 0.0), "operator"));
        assertEquals(CommandException.Kind.NOT_FOUND, e.kind());
        // the journal was moved to data/deleted and is not brought back, so the id can be used again
        assertEquals(false, Files.exists(data.resolve("projects/gone")));
        create(registry, "gone");
        assertEquals(List.of("gone"), registry.all().stream().map(ProjectRuntime::projectId).toList());
        registry.close();
    }

    /**
     * Reads of a project share it: a reader holding the project does not keep a second reader out, but it does keep
     * a command out until it is done. Under reports from eight agents, four readers each see whole commands only:
     * a task COMPLETED and its capacity released are one command's work (a COMPLETE report), so every read counts
     * as many completed tasks as CAPACITY_RELEASED decisions, and the facts asked of Drools agree with the index.
     */
    @Test
    void readersShareAProjectAndSeeOnlyWholeCommands(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        ProjectRegistry registry = registry(Path.of("rules"), data);
        create(registry, "read");
        ProjectRuntime project = registry.get("read");
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS + 6);

        SharedReads.readersShareAndACommandWaits(project::read, (ProjectSession s) -> s.tasks().size(), AGENTS,
                () -> {
                    project.report(TaskEvent.Kind.START, "t0", "a0", s -> { });
                    return null;
                });

        CountDownLatch go = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean reporting = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Future<?>> reports = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "a" + i;
            String task = "t" + i;
            reports.add(pool.submit(() -> {
                go.await();
                if (!task.equals("t0")) {
                    project.report(TaskEvent.Kind.START, task, agent, s -> { });
                }
                project.report(TaskEvent.Kind.COMPLETE, task, agent, s -> { });
                return null;
            }));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(pool.submit(() -> {
                go.await();
                int reads = 0;
                do {
                    List<Long> seen = project.read(s -> List.of(
                            s.tasks().stream().filter(t -> t.getStatus().name().equals("COMPLETED")).count(),
                            s.ledger().stream().filter(d -> d.getKind() == DecisionKind.CAPACITY_RELEASED).count(),
                            (long) s.facts(io.conclave.model.Task.class).size()));
                    assertEquals(seen.get(0), seen.get(1), "completed tasks against capacity released: " + seen);
                    assertEquals((long) AGENTS, seen.get(2));
                    reads++;
                } while (reporting.get());
                return reads;
            }));
        }
        go.countDown();
        for (Future<?> f : reports) {
            f.get(60, TimeUnit.SECONDS);
        }
        reporting.set(false);
        for (Future<Integer> f : readers) {
            org.junit.jupiter.api.Assertions.assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
        }
        pool.shutdown();
        assertEquals(List.of("COMPLETED"), project.read(s -> s.tasks().stream().map(t -> t.getStatus().name()).distinct().toList()));
        registry.close();
    }
}
