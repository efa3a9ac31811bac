package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.journal.FileJournal;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.run.InterruptLog;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.Snapshots;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;

/**
 * Snapshots of a project: every N entries a marker is journaled whose apply rebuilds the session from the
 * state as text, and the text is stored beside the journal; a restart replays from the newest good snapshot.
 * What is checked: the same workload decides exactly the same with snapshots as without; a restart from the
 * snapshot, a restart from the whole journal (snapshots removed) and the live owner agree; and every damage
 * (a snapshot that does not match its checksum, a snapshot whose marker is not where it says, a damaged entry
 * after the snapshot, a damaged entry before it) ends as the text of each test says.
 */
public class SnapshotTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

    private static ProjectRegistry registry(Path data, int every) {
        return new ProjectRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, FIXED,
                e -> { }).withSnapshots(every), ProjectRegistry.NO_RUNS);
    }

    /**
     * The example project with every coordination pattern, worked by its agents: each assigned task started,
     * each started task completed, with a status interrupt between the rounds, until nothing is assigned. The
     * same commands in the same order whatever the snapshots, since the rules decide the assignments.
     */
    private static void work(ProjectRegistry projects) throws IOException {
        work(projects, "product_launch_coordination");
    }

    /** The same, the example project loaded under the id {@code projectId}. */
    public static void work(ProjectRegistry projects, String projectId) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.MAPPER.readTree(Files.readString(Path.of("projects/product_launch_coordination.json")));
        node.put("project_id", projectId);
        ProjectSpec spec = Json.MAPPER.treeToValue(node, ProjectSpec.class);
        projects.create(spec, "operator");
        ProjectRuntime rt = projects.get(spec.projectId());
        for (int round = 0; round < 30; round++) {
            List<Task> assigned = rt.read(s -> s.tasks().stream().filter(t -> t.getStatus() == TaskStatus.ASSIGNED
                    && t.getAssignee() != null).toList());
            List<Task> started = rt.read(s -> s.tasks().stream().filter(t -> t.getStatus() == TaskStatus.IN_PROGRESS)
                    .toList());
            if (assigned.isEmpty() && started.isEmpty()) {
                break;
            }
            for (Task t : started) {
                rt.report(TaskEvent.Kind.COMPLETE, t.getTaskId(), t.getAssignee(), s -> { });
            }
            for (Task t : assigned) {
                rt.report(TaskEvent.Kind.START, t.getTaskId(), t.getAssignee(), s -> { });
            }
            rt.command(new SendInterrupt("status", null, null, null, "round " + round), "ceo", s -> { });
        }
    }

    /** What the project decided and holds: every task's status and assignee, the ledger, the interrupt trail. */
    private static String state(ProjectRuntime rt) {
        return rt.read(s -> {
            StringBuilder b = new StringBuilder();
            s.tasks().forEach(t -> b.append(t.getTaskId()).append('=').append(t.getStatus()).append('/')
                    .append(t.getAssignee()).append('\n'));
            s.ledger().forEach(d -> b.append(d.getCommandSeq()).append(' ').append(d.getKind()).append(' ')
                    .append(d.getTaskId()).append(' ').append(d.getAgentIds()).append(' ').append(d.getReason())
                    .append('\n'));
            s.facts(InterruptLog.class).forEach(l -> l.getRecords().forEach(r -> b.append(r.action()).append(' ')
                    .append(r.reason()).append('\n')));
            return b.toString();
        });
    }

    /** The state without the ledger's command numbers (snapshot markers take entry numbers of their own). */
    private static String decisions(String state) {
        return state.lines().map(l -> l.matches("\\d+ .*") ? l.substring(l.indexOf(' ') + 1) : l)
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static Path folder(Path data) {
        return data.resolve("projects/product_launch_coordination");
    }

    private static List<Path> snapshotFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.list(folder(data))) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileJournal.SNAPSHOT)).sorted().toList();
        }
    }

    @Test
    void withSnapshotsEveryThreeEntriesTheProjectDecidesExactlyAsWithout(@TempDir Path plain, @TempDir Path snapped)
            throws IOException {
        String without;
        try (ProjectRegistry p = registry(plain, 0)) {
            work(p);
            without = state(p.get("product_launch_coordination"));
        }
        String with;
        try (ProjectRegistry p = registry(snapped, 3)) {
            work(p);
            with = state(p.get("product_launch_coordination"));
        }
        // the work went somewhere: tasks were completed, and decisions were made
        assertTrue(without.contains("=COMPLETED/"), without);
        long markers = Files.readAllLines(folder(snapped).resolve(FileJournal.FILE)).stream()
                .filter(l -> l.contains("\"type\":\"snapshot\"")).count();
        assertTrue(markers >= 5, "markers: " + markers);
        // the newest two snapshots are kept
        assertEquals(2, snapshotFiles(snapped).size());
        assertEquals(decisions(without), decisions(with));
    }

    @Test
    void aRestartFromTheSnapshotAndOneFromTheWholeJournalReachTheLiveState(@TempDir Path data) throws IOException {
        String live;
        try (ProjectRegistry p = registry(data, 4)) {
            work(p);
            live = state(p.get("product_launch_coordination"));
        }
        try (ProjectRegistry p = registry(data, 4)) {
            p.recoverAll();
            assertEquals(live, state(p.get("product_launch_coordination")));
        }
        for (Path s : snapshotFiles(data)) {
            Files.delete(s);
        }
        try (ProjectRegistry p = registry(data, 4)) {
            p.recoverAll();
            assertEquals(live, state(p.get("product_launch_coordination")), "the whole journal, every marker applied");
        }
    }

    @Test
    void aSnapshotThatDoesNotMatchItsChecksumIsPassedOverForTheOneBefore(@TempDir Path data) throws IOException {
        String live = workAndState(data);
        List<Path> files = snapshotFiles(data);
        Path newest = files.get(files.size() - 1);
        // flip one character of the state (not the header): the CRC-32C no longer matches
        String text = Files.readString(newest);
        int at = text.indexOf("\"status\":\"COMPLETED\"");
        assertTrue(at > 0);
        Files.writeString(newest, text.substring(0, at) + text.substring(at).replaceFirst("COMPLETED", "COMPLETEE"));
        assertRecovers(data, live);
    }

    @Test
    void aSnapshotWhoseMarkerIsNotWhereItSaysIsLookedForFromTheEnd(@TempDir Path data) throws IOException {
        String live = workAndState(data);
        for (Path p : snapshotFiles(data)) {
            String text = Files.readString(p);
            // the recorded byte offset of the marker is wrong (as after an earlier line changed length)
            Files.writeString(p, text.replaceFirst("\"offset\":(\\d+)", "\"offset\":1$1"));
        }
        assertRecovers(data, live);
    }

    @Test
    void aSnapshotWhoseMarkerIsNotInTheJournalIsPassedOver(@TempDir Path data) throws IOException {
        String live = workAndState(data);
        // the newest snapshot names a digest that no marker of the journal has (a snapshot of another history):
        // it is passed over for the one before, and the replay from there passes the newest marker again
        List<Path> files = snapshotFiles(data);
        Path newest = files.get(files.size() - 1);
        String text = Files.readString(newest);
        String head = text.lines().findFirst().orElseThrow();
        String digest = head.replaceFirst(".*\"digest\":\"([0-9a-f]+)\".*", "$1");
        String other = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
        Files.writeString(newest, head.replace(digest, other) + text.substring(head.length()));
        assertRecovers(data, live);
    }

    private static String workAndState(Path data) throws IOException {
        try (ProjectRegistry p = registry(data, 4)) {
            work(p);
            assertNotEquals(0, snapshotFiles(data).size());
            return state(p.get("product_launch_coordination"));
        }
    }

    private static void assertRecovers(Path data, String live) {
        try (ProjectRegistry p = registry(data, 4)) {
            p.recoverAll();
            assertEquals(List.of(), p.damaged());
            assertEquals(live, state(p.get("product_launch_coordination")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
