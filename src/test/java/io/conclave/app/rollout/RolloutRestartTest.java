package io.conclave.app.rollout;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.EventHub;
import io.conclave.app.ProjectSchemaCheck;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.RolloutLog;
import io.conclave.journal.RolloutRecord;
import io.conclave.model.policy.RuleFile;
import io.conclave.model.Json;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.sim.Simulator;

/**
 * A roll-out survives a restart, and a stop in the middle of one is finished at the next start. The engine is built
 * the way {@code io.conclave.app.Engine} builds it (a PolicyHost over the shipped rules, the archive and the journals
 * in a data folder), with the roll-out log beside the archive; a "life" ends by closing it all and the next one builds
 * it again on the same folder, replaying every journal, then resumes the roll-outs as the service's start does.
 * The candidate only adds a comment to common/scoring.drl: a version of its own that decides as the shipped one.
 */
class RolloutRestartTest {
    /** One life of the service's engine on a data folder. */
    private static final class Life implements AutoCloseable {
        final PolicyHost host;
        final ProjectRegistry projects;
        final RolloutBook book;
        final CanaryMoves moves;

        Life(Path data) throws IOException {
            host = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                    new PolicyCompiler(RolloutRestartTest.class.getClassLoader()));
            projects = new ProjectRegistry(data, new JournaledRuntime.Setting(host, 100_000, Clock.systemUTC(), e -> { }),
                    Simulator.DRIVER);
            host.start();
            projects.recoverAll();
            book = new RolloutBook(new RolloutLog(data.resolve("policies").resolve("rollouts.jsonl")));
            book.load();
            moves = new CanaryMoves(book, projects, host, new EventHub(100));
        }

        /** What the service's start does with every roll-out of the log. */
        void resume() {
            synchronized (book) {
                book.all().forEach(moves::resume);
            }
        }

        void create(String id) {
            projects.create(ProjectSchemaCheck.spec(project(id).title("restart")
                    .agent(agent("alice").name("Alice").skill("x", 9)).task(task("t1").hours(1).needs("x", 5)).json()),
                    "operator");
        }

        String candidate() throws IOException {
            String scoring = Files.readString(Path.of("rules", "common", "scoring.drl")) + "// restart test\n";
            return host.propose(null, List.of(new RuleFile("common/scoring.drl", scoring)), List.of(), "a comment",
                    "admin").result().version();
        }

        Rollout begin(String version, List<String> named) throws IOException {
            synchronized (book) {
                return moves.begin(version, host.active().version(), new RolloutRequest(null, named, 0, null, null),
                        named, "admin");
            }
        }

        PinPolicy pin(String project) {
            return projects.get(project).pin();
        }

        @Override
        public void close() throws IOException {
            projects.close();
            host.close();
        }
    }

    /** The journal's entry types, with the reason of an unpin. */
    private static List<String> journal(Path data, String project) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("projects").resolve(project).resolve("journal.jsonl"))) {
            JsonNode e = Json.MAPPER.readTree(line);
            JsonNode reason = e.path("body").path("reason");
            out.add(e.get("type").asText() + (reason.isTextual() ? " " + reason.asText() : ""));
        }
        return out;
    }

    @Test
    void aRunningRollOutIsFoundAgainWithWhatItsProjectsHadWhenTheyJoined(@TempDir Path data) throws IOException {
        String version;
        try (Life one = new Life(data)) {
            one.create("p1");
            one.create("p2");
            version = one.candidate();
            one.begin(version, List.of("p1"));
            assertEquals(version, one.pin("p1").version());
        }
        byte[] journal = Files.readAllBytes(data.resolve("projects/p1/journal.jsonl"));
        try (Life two = new Life(data)) {
            two.resume();
            Rollout r = two.book.get("rollout-1");
            assertTrue(r.running());
            assertEquals(List.of(version, List.of("p1"), 0, 0), List.of(r.version, r.picked,
                    r.canaries.get("p1").unassignableBefore, r.canaries.get("p1").failedRunsBefore));
            assertEquals(Optional.of("rollout-1"), two.book.holder("p1"));
            assertEquals(Optional.empty(), two.book.holder("p2"));
            // still on the version, from its own journal; the resume wrote nothing to it
            assertEquals(version, two.pin("p1").version());
            assertEquals(new String(journal), Files.readString(data.resolve("projects/p1/journal.jsonl")));
            assertNull(two.pin("p2"));
        }
    }

    @Test
    void aRollBackAStopInterruptedIsFinishedAtTheNextStart(@TempDir Path data) throws IOException {
        String version;
        try (Life one = new Life(data)) {
            one.create("p1");
            version = one.candidate();
            one.begin(version, List.of("p1"));
            // the roll-back's record is written first; the service stops before p1 is moved back
            one.book.record(RolloutRecord.of(Instant.now(), "rollout-1", RolloutRecord.ROLLED_BACK, "conclave",
                    "a guard tripped", List.of()));
        }
        try (Life two = new Life(data)) {
            assertEquals(version, two.pin("p1").version(), "the stop left it on the version");
            two.resume();
            assertNull(two.pin("p1"));
            assertEquals(two.host.active().version(), two.projects.get("p1").policyVersion());
            assertEquals(List.of("create", "policy_pin canary of roll-out rollout-1",
                    "policy_unpin roll-out rollout-1 rolled back (finished after a restart)", "policy_switch"),
                    journal(data, "p1"));
            Rollout r = two.book.get("rollout-1");
            assertFalse(r.canaries.get("p1").present());
            assertEquals(Optional.empty(), two.book.holder("p1"));
        }
        try (Life three = new Life(data)) {
            three.resume(); // nothing left to finish: no entry more
            assertEquals(4, journal(data, "p1").size());
        }
    }

    @Test
    void aStartAStopInterruptedJoinsThePickedProjectsThatDidNot(@TempDir Path data) throws IOException {
        try (Life one = new Life(data)) {
            one.create("p1");
            one.create("p2");
            one.create("p3");
            String version = one.candidate();
            // the start and p1's move written; p2 moved but its record lost with the stop; p3 not moved at all
            synchronized (one.book) {
                one.book.record(new RolloutRecord(Instant.now(), "rollout-1", RolloutRecord.STARTED, "admin", version,
                        one.host.active().version(), new RolloutRequest(null, List.of("p1", "p2", "p3"), 0, null, null),
                        List.of("p1", "p2", "p3"), null, null, null, null, null, null));
                one.moves.join(one.book.get("rollout-1"), "p1", "admin");
            }
            one.projects.get("p2").pin(new PinPolicy(version, "canary of roll-out rollout-1"), "admin", () -> { });
        }
        try (Life two = new Life(data)) {
            two.resume();
            Rollout r = two.book.get("rollout-1");
            assertEquals(List.of("p1", "p2", "p3"), List.copyOf(r.canaries.keySet()));
            assertTrue(r.canaries.values().stream().allMatch(c -> r.version.equals(two.pin(c.projectId).version())));
            // p2 was adopted as it stood: one pin in its journal, not two
            assertEquals(List.of("create", "policy_pin canary of roll-out rollout-1"), journal(data, "p2"));
            assertEquals(List.of("create", "policy_pin canary of roll-out rollout-1"), journal(data, "p3"));
        }
    }
}
