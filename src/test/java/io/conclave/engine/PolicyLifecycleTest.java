package io.conclave.engine;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.api.ProjectJson;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.PolicyRecord;
import io.conclave.model.policy.RuleFile;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.ProjectCommand;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.Snapshots;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.engine.project.DryRun;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;

/**
 * Pin, activate, restart, unpin and roll back, each giving the decisions expected under the right version,
 * without Quarkus: the engine is built as the service builds it on a copy of the shipped rules, and built again
 * on the same folders for the restart.
 * <p>
 * The project: alice (x 5, z 5, likes design 10) and bob (x 5.3, z 5, no preferences), skill development rate 0
 * (completing a task raises no skill; a typed task still raises its type's preference by 0.1). Tasks: t0 (z 5,
 * untyped), then t1 and then t2 (design, x 5), each after the one before. The shipped score is skill x required
 * level + 0.1 x preference - open hours; the candidate doubles the preference weight to 0.2. For a design task
 * with both agents free: shipped, alice 25 + 1.0 = 26.0 and bob 26.5: bob; candidate, alice 25 + 2.0 = 27.0: alice.
 * t0 ties at 25 (no type, no preference) and goes to alice by agent id.
 */
public class PolicyLifecycleTest {
    private static final String PREFERENCE = "s += 0.1 * a.preference(t.getTaskType()) - a.getOpenHours();";

    public static String project(String id) {
        return ProjectJson.project(id).title("preferences").skillDevelopmentRate(0)
                .agent(agent("alice").name("Alice").skill("x", 5).skill("z", 5).prefers("design", 10),
                        agent("bob").name("Bob").skill("x", 5.3).skill("z", 5))
                .task(task("t0").hours(1).priority(5).needs("z", 5),
                        task("t1").hours(2).priority(5).needs("x", 5).type("design").after("t0"),
                        task("t2").hours(2).priority(5).needs("x", 5).type("design").after("t1"))
                .json();
    }

    /** The engine as io.conclave.app.Engine wires it, with the switch of owners done at once on activation. */
    private static final class Service implements AutoCloseable {
        final PolicyHost policies;
        final ProjectRegistry projects;

        Service(Path rules, Path data) throws IOException {
            this(rules, data, 0);
        }

        /** {@code snapshotEvery}: a snapshot of a project after that many of its entries (0: none). */
        Service(Path rules, Path data, int snapshotEvery) throws IOException {
            QuietLogging.likeTheService();
            policies = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                    new PolicyCompiler(PolicyLifecycleTest.class.getClassLoader()));
            projects = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 100_000, Clock.systemUTC(),
                    e -> { }).withSnapshots(snapshotEvery), ProjectRegistry.NO_RUNS);
            policies.onActivate(p -> projects.switchAll());
            policies.start();
            projects.recoverAll();
        }

        ProjectRuntime create(String id) throws IOException {
            return projects.create(Json.MAPPER.readValue(project(id), ProjectSpec.class), "operator");
        }

        void complete(String project, String task, String agent) {
            projects.get(project).report(TaskEvent.Kind.START, task, agent, s -> { });
            projects.get(project).report(TaskEvent.Kind.COMPLETE, task, agent, s -> { });
        }

        /** The assignment of a task: the agent, and the policy version of the decision. */
        List<String> assignment(String project, String task) {
            return projects.get(project).read(s -> {
                Decision d = s.ledger().stream().filter(x -> x.getKind() == DecisionKind.ASSIGNED
                        && task.equals(x.getTaskId())).reduce((a, b) -> b).orElseThrow();
                return List.of(d.getAgentIds().get(0), d.getPolicyVersion());
            });
        }

        @Override
        public void close() throws IOException {
            policies.close();
            projects.close();
        }
    }

    /** A copy of the repository's rules folder in {@code into}. */
    public static Path copyOfRules(Path into) throws IOException {
        Path from = Path.of("rules");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = into.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return into;
    }

    private static List<String> journal(Path data, String project) throws IOException {
        try (FileJournal<ProjectCommand> j = new FileJournal<>(data.resolve("projects").resolve(project),
                CommandCodec.PROJECT)) {
            return j.read().entriesOrThrow().stream().map(e -> e.type() + "@" + e.policyVersion()).toList();
        }
    }

    @Test
    void pinActivateRestartUnpinAndRollBackDecideUnderTheRightVersion(@TempDir Path tmp) throws IOException {
        Path rules = copyOfRules(Files.createDirectories(tmp.resolve("rules")));
        Path data = tmp.resolve("data");
        String scoring = Files.readString(rules.resolve("common/scoring.drl"));
        assertTrue(scoring.contains(PREFERENCE), "the shipped score weighs preferences by 0.1");
        String shipped;
        String candidate;
        try (Service first = new Service(rules, data)) {
            shipped = first.policies.active().version();
            first.create("p1");
            first.create("p2");
            assertEquals(List.of("alice", shipped), first.assignment("p1", "t0"), "a tie at 25, alice by id");

            PolicyHost.Proposal proposal = first.policies.propose(null, List.of(new RuleFile("common/scoring.drl",
                    scoring.replace(PREFERENCE, PREFERENCE.replace("0.1 *", "0.2 *")))), List.of(),
                    "preferences weigh double", "admin");
            assertTrue(proposal.result().ok() && proposal.isNew(), () -> proposal.result().messages().toString());
            candidate = proposal.result().version();
            assertEquals(shipped, first.policies.active().version(), "a candidate does not go live");
            assertEquals(scoring, Files.readString(rules.resolve("common/scoring.drl")), "nor touch the rules folder");

            // pin p1 to the shipped version, then activate the candidate: p2 moves, p1 stays
            first.projects.get("p1").pin(new PinPolicy(shipped, "keeps the policy it started with"), "admin", () -> { });
            first.policies.activate(candidate, "admin");
            assertEquals(candidate, first.policies.active().version());
            assertTrue(Files.readString(rules.resolve("common/scoring.drl")).contains("0.2 * a.preference"),
                    "the rules folder holds the active version");
            assertEquals(shipped, first.projects.get("p1").policyVersion());
            assertEquals(candidate, first.projects.get("p2").policyVersion());

            // t0 done: t1 is served with both agents free. p1 (shipped): bob 26.5 over alice 26.0;
            // p2 (candidate): alice 27.0 over bob 26.5
            first.complete("p1", "t0", "alice");
            first.complete("p2", "t0", "alice");
            assertEquals(List.of("bob", shipped), first.assignment("p1", "t1"));
            assertEquals(List.of("alice", candidate), first.assignment("p2", "t1"));
        }
        assertEquals(List.of("create@" + shipped, "policy_pin@" + shipped, "task_event@" + shipped,
                "task_event@" + shipped), journal(data, "p1"), "p1: created, pinned, reports, all under the shipped version");
        assertEquals(List.of("create@" + shipped, "policy_switch@" + candidate, "task_event@" + candidate,
                "task_event@" + candidate), journal(data, "p2"), "p2: moved to the candidate, journaled as a switch");

        try (Service second = new Service(rules, data)) {
            // the restart compiles the folder, which holds the candidate; p1 is still pinned and stays
            assertEquals(candidate, second.policies.active().version());
            assertEquals(shipped, second.projects.get("p1").policyVersion());
            assertEquals(shipped, second.projects.get("p1").pin().version());
            assertEquals(candidate, second.projects.get("p2").policyVersion());
            assertEquals(List.of("bob", shipped), second.assignment("p1", "t1"));
            assertEquals(List.of("alice", candidate), second.assignment("p2", "t1"));

            // unpinned, p1 moves to the candidate: bob completes t1 (his design preference 0 -> 0.1), t2 is served:
            // candidate, alice 27.0 over bob 26.5 + 0.02 = 26.52 (shipped would give bob 26.51 over alice 26.0)
            second.projects.get("p1").unpin("admin");
            assertNull(second.projects.get("p1").pin());
            assertEquals(candidate, second.projects.get("p1").policyVersion());
            second.complete("p1", "t1", "bob");
            assertEquals(List.of("alice", candidate), second.assignment("p1", "t2"));

            // roll back to the shipped version: p2 moves back; alice completes t1 (design 10 -> 10.1), t2 is served:
            // shipped, bob 26.5 over alice 25 + 1.01 = 26.01 (the candidate would give alice 27.02)
            second.policies.activate(shipped, "admin");
            assertEquals(scoring, Files.readString(rules.resolve("common/scoring.drl")), "the folder is shipped again");
            assertEquals(shipped, second.projects.get("p2").policyVersion());
            second.complete("p2", "t1", "alice");
            assertEquals(List.of("bob", shipped), second.assignment("p2", "t2"));
        }
        assertEquals(List.of("policy_unpin@" + shipped, "policy_switch@" + candidate, "task_event@" + candidate,
                "task_event@" + candidate, "policy_switch@" + shipped), journal(data, "p1").subList(4, 9));
        assertEquals(List.of("policy_switch@" + shipped, "task_event@" + shipped, "task_event@" + shipped),
                journal(data, "p2").subList(4, 7));

        // the history: the shipped version went live at the first start, the candidate was proposed, activated,
        // and the shipped version activated again by the roll-back
        List<PolicyRecord> history = new PolicyArchive(data.resolve("policies")).history();
        assertEquals(List.of(shipped + " activated by startup", candidate + " proposed by admin",
                candidate + " activated by admin", shipped + " activated by admin"),
                history.stream().map(r -> r.version() + " " + r.event() + " by " + r.by()).toList());
        assertEquals(shipped, history.get(1).predecessor(), "a candidate is measured against its base");
        assertNotEquals(shipped, candidate);
    }

    /**
     * A candidate whose rule loops on a started t0 (it updates the task it matched, so it matches again): the
     * dry run reports the entries it refused, with the loop, and goes on; the live project is untouched. Shipped:
     * t0 to alice, started, completed, t1 to bob (26.5 over 26.0). Under the candidate the start of t0 (entry 2)
     * is cut off at the firing cap and rolled back; the completion (entry 3) finds t0 ASSIGNED, from which the
     * shipped reports.drl accepts a completion too, so the tasks end alike: the difference is in the ledger, where
     * t0 went ASSIGNED -> COMPLETED instead of through IN_PROGRESS.
     */
    @Test
    void aCandidateThatLoopsIsReportedNotFatal(@TempDir Path tmp) throws IOException {
        Path rules = copyOfRules(Files.createDirectories(tmp.resolve("rules")));
        Path data = tmp.resolve("data");
        try (Service s = new Service(rules, data)) {
            s.create("p");
            s.complete("p", "t0", "alice");
            Path journal = data.resolve("projects/p/journal.jsonl");
            String before = Files.readString(journal);
            String loop = """
                    package conclave.workflow;
                    import io.conclave.model.*;
                    rule "Spin on a started task"
                    when
                        $t : Task( taskId == "t0", status == TaskStatus.IN_PROGRESS )
                    then
                        update($t);
                    end
                    """;
            PolicyHost.Proposal p = s.policies.propose(null, List.of(new RuleFile("workflow/spin.drl", loop)), List.of(),
                    "loops", "admin");
            assertTrue(p.result().ok(), () -> p.result().messages().toString());
            DryRun.Result r = DryRun.of(s.projects.get("p"), s.policies.archived(p.result().version()), null,
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(60));
            assertTrue(r.complete(), "a loop is reported per entry, the replay goes on");
            assertEquals(List.of(), r.now().refused());
            assertEquals(List.of("2 task_event rule_loop"), r.candidate().refused().stream()
                    .map(x -> x.seq() + " " + x.type() + " " + x.error()).toList());
            assertTrue(r.candidate().refused().get(0).message().contains("Spin on a started task"),
                    r.candidate().refused().get(0).message());
            assertEquals(List.of("t0 COMPLETED alice", "t1 ASSIGNED bob", "t2 PENDING null"), states(r.now()));
            assertEquals(states(r.now()), states(r.candidate()));
            assertEquals(List.of("ASSIGNED->IN_PROGRESS", "IN_PROGRESS->COMPLETED"), moves(r.now(), "t0"));
            assertEquals(List.of("ASSIGNED->COMPLETED"), moves(r.candidate(), "t0"));
            assertEquals(before, Files.readString(journal), "the live journal is untouched");
            assertEquals(s.policies.active().version(), s.projects.get("p").policyVersion());
        }
    }

    /**
     * A project whose run is open is dry-run on a snapshot of its journal (the run's steps so far); a simulation
     * beside the open run is refused. Same policy on both sides: nothing differs.
     */
    @Test
    void aProjectWithAnOpenRunIsDryRunOnASnapshot(@TempDir Path tmp) throws IOException {
        Path rules = copyOfRules(Files.createDirectories(tmp.resolve("rules")));
        try (Service s = new Service(rules, tmp.resolve("data"))) {
            ProjectRuntime p = new ProjectRegistry(tmp.resolve("data2"), new JournaledRuntime.Setting(s.policies, 100_000,
                    Clock.systemUTC(), e -> { }), io.conclave.sim.Simulator.DRIVER)
                    .create(Json.MAPPER.readValue(project("run"), ProjectSpec.class), "operator");
            p.startRun(new io.conclave.model.run.RunRequest("incremental", 1L, 0.0, "continuous", "after_each_task",
                    null), "operator");
            while (p.step(java.util.concurrent.TimeUnit.SECONDS.toNanos(5))) {
                // until the run pauses at its first checkpoint
            }
            assertTrue(p.hasOpenRun());
            DryRun.Result r = DryRun.of(p, s.policies.active(), null, java.util.concurrent.TimeUnit.SECONDS.toNanos(60));
            assertTrue(r.runOpen() && r.complete());
            assertEquals(states(r.now()), states(r.candidate()));
            assertEquals(p.read(x -> x.tasks().stream().map(t -> t.getTaskId() + " " + t.getStatus() + " "
                    + t.getAssignee()).toList()), states(r.now()), "the side as it ran is the project as it is");
            CommandException refused = assertThrows(CommandException.class, () -> DryRun.of(p, s.policies.active(),
                    new io.conclave.model.run.RunRequest("fully_automated", 1L, 0.0, "continuous"), 1_000_000_000L));
            assertEquals("run_in_progress", refused.code());
        }
    }

    /**
     * A project with snapshots, restarted: its replay starts at the newest snapshot's marker, and the dry run still
     * replays the whole journal from the creation (the journal file keeps it), so the candidate decides every
     * entry. Snapshots every 2 entries: create (1; t0 to alice, a tie at 25 by id), alice starts t0 (2), the
     * marker (3), alice completes t0 (4; t1 served). Shipped: bob 26.5 over alice 26.0; candidate: alice 27.0.
     * Then the journal's start entry is damaged (a byte changed: its checksum fails): the service still starts
     * from the snapshot, and the dry run, which cannot read the entries before the marker, starts both sides
     * from the marker's state (t0 IN_PROGRESS with alice, as the project decided it) and says so (first entry
     * 3); the completion then serves t1 on each side under its policy, with the same result as above.
     */
    @Test
    void aProjectRestartedFromASnapshotIsDryRunFromItsCreation(@TempDir Path tmp) throws IOException {
        Path rules = copyOfRules(Files.createDirectories(tmp.resolve("rules")));
        Path data = tmp.resolve("data");
        String scoring = Files.readString(rules.resolve("common/scoring.drl"));
        String candidate;
        String live;
        try (Service first = new Service(rules, data, 2)) {
            first.create("p");
            first.complete("p", "t0", "alice");
            PolicyHost.Proposal proposal = first.policies.propose(null, List.of(new RuleFile("common/scoring.drl",
                    scoring.replace(PREFERENCE, PREFERENCE.replace("0.1 *", "0.2 *")))), List.of(), null, "admin");
            assertTrue(proposal.result().ok(), () -> proposal.result().messages().toString());
            candidate = proposal.result().version();
            live = Json.MAPPER.writeValueAsString(first.projects.get("p").read(x -> List.copyOf(x.ledger())));
        }
        String shipped = Files.readAllLines(data.resolve("projects/p/journal.jsonl")).get(0)
                .replaceAll(".*\"policy_version\":\"([0-9a-f]+)\".*", "$1");
        assertEquals(List.of("create@" + shipped, "task_event@" + shipped, "snapshot@" + shipped,
                "task_event@" + shipped), journal(data, "p"));
        try (Service second = new Service(rules, data, 2)) {
            ProjectRuntime p = second.projects.get("p");
            assertEquals(live, Json.MAPPER.writeValueAsString(p.read(x -> List.copyOf(x.ledger()))),
                    "restored from the snapshot, the ledger is the one the project had");
            DryRun.Result r = DryRun.of(p, second.policies.archived(candidate), null,
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(60));
            assertTrue(r.complete(), () -> r.candidate().refused().toString());
            assertEquals(List.of(1L, 4L), List.of(r.firstSeq(), r.lastSeq()), "from the creation, not the marker");
            assertEquals(4, r.entries());
            assertEquals(List.of(), r.now().refused());
            assertEquals(List.of(), r.candidate().refused());
            assertEquals(List.of("t0 COMPLETED alice", "t1 ASSIGNED bob", "t2 PENDING null"), states(r.now()));
            assertEquals(List.of("t0 COMPLETED alice", "t1 ASSIGNED alice", "t2 PENDING null"), states(r.candidate()));
            assertEquals(List.of(shipped), r.now().versions());
        }

        // damage the start entry (a byte of its checksum's scope changed, the length kept)
        Path file = data.resolve("projects/p/journal.jsonl");
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).replace("\"alice\"", "\"alicf\""));
        Files.write(file, lines);
        try (Service third = new Service(rules, data, 2)) {
            ProjectRuntime p = third.projects.get("p");
            DryRun.Result r = DryRun.of(p, third.policies.archived(candidate), null,
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(60));
            assertTrue(r.complete(), () -> r.candidate().refused().toString());
            assertEquals(List.of(3L, 4L), List.of(r.firstSeq(), r.lastSeq()));
            assertEquals(2, r.entries());
            assertEquals(List.of("t0 COMPLETED alice", "t1 ASSIGNED bob", "t2 PENDING null"), states(r.now()));
            assertEquals(List.of("t0 COMPLETED alice", "t1 ASSIGNED alice", "t2 PENDING null"), states(r.candidate()));
        }
    }

    /** The moves of a task out of ASSIGNED and IN_PROGRESS, in ledger order. */
    private static List<String> moves(DryRun.Side side, String task) {
        return side.ledger().stream().filter(d -> d.getKind() == DecisionKind.STATUS_CHANGED && task.equals(d.getTaskId())
                && (d.getFromStatus() == io.conclave.model.TaskStatus.ASSIGNED
                || d.getFromStatus() == io.conclave.model.TaskStatus.IN_PROGRESS))
                .map(d -> d.getFromStatus() + "->" + d.getToStatus()).toList();
    }

    private static List<String> states(DryRun.Side side) {
        return side.tasks().stream().map(t -> t.taskId() + " " + t.status() + " " + t.assignee()).toList();
    }

    @Test
    void unknownVersionsAndCandidatesThatNeverWentLive(@TempDir Path tmp) throws IOException {
        Path rules = copyOfRules(Files.createDirectories(tmp.resolve("rules")));
        try (Service s = new Service(rules, tmp.resolve("data"))) {
            assertEquals("policy_not_found", assertThrows(CommandException.class,
                    () -> s.policies.activate("0123456789ab", "admin")).code());
            assertEquals("policy_not_found", assertThrows(CommandException.class,
                    () -> s.policies.archived("../../etc")).code());
            String scoring = Files.readString(rules.resolve("common/scoring.drl"));
            String candidate = s.policies.propose(null, List.of(new RuleFile("common/scoring.drl",
                    scoring.replace(PREFERENCE, PREFERENCE.replace("0.1 *", "0.3 *")))), List.of(), null, "admin")
                    .result().version();
            assertTrue(!s.policies.wentLive(candidate) && s.policies.wentLive(s.policies.active().version()));
            // a dropped candidate leaves the archive; the active version cannot be dropped
            s.policies.drop(candidate, "admin");
            assertEquals("policy_not_found", assertThrows(CommandException.class,
                    () -> s.policies.archivedFiles(candidate)).code());
            assertEquals("policy_went_live", assertThrows(CommandException.class,
                    () -> s.policies.drop(s.policies.active().version(), "admin")).code());
            // a candidate that does not compile is not kept; its errors have positions
            PolicyHost.Proposal broken = s.policies.propose(null, List.of(new RuleFile("common/scoring.drl",
                    scoring.replace("function double score(", "function double score( ;"))), List.of(), null, "admin");
            assertTrue(!broken.result().ok());
            // "function double score( ;": the ';' is the 24th character of the function's line: column 24
            int line = scoring.lines().toList().indexOf(scoring.lines().filter(l -> l.startsWith("function double score("))
                    .findFirst().orElseThrow()) + 1;
            PolicyMessage first = broken.result().errors().get(0);
            assertEquals(List.of("common/scoring.drl", line, 24), List.of(first.file(), first.line(), first.column()),
                    first::toString);
            assertTrue(!s.policies.archive().has(broken.result().version()));
        }
    }
}
