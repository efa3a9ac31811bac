package io.conclave.engine.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.SendInterrupt;
import io.conclave.engine.MeetingStoreTest;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;

/**
 * Follow-up keys: a command sent by another owner's workflow carries a key, journaled with its entry; the same
 * key sent again is refused ({@code follow_up_applied}) before the rules see it, live, after a restart that
 * replays the entry, and after a restart from a snapshot taken after it (the entry is then not replayed: the
 * snapshot keeps the keys).
 */
public class FollowUpKeysTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
    private static final String ID = "product_launch_coordination";

    private static ProjectRegistry registry(Path data, int every) {
        return new ProjectRegistry(data, new JournaledRuntime.Setting(MeetingStoreTest.shipped(), 100_000, FIXED,
                e -> { }).withSnapshots(every), ProjectRegistry.NO_RUNS);
    }

    @Test
    void aFollowUpSentAgainIsRefusedByItsKeyLiveAfterAReplayAndAfterASnapshot(@TempDir Path data) throws IOException {
        Task first;
        try (ProjectRegistry projects = registry(data, 4)) {
            ProjectSpec spec = Json.MAPPER.readValue(Files.readString(Path.of("projects/" + ID + ".json")), ProjectSpec.class);
            projects.create(spec, "operator");
            ProjectRuntime rt = projects.get(ID);
            first = rt.read(s -> s.tasks().stream().filter(t -> t.getStatus() == TaskStatus.ASSIGNED
                    && t.getAssignee() != null).findFirst().orElseThrow());
            start(rt, first);
            assertEquals(TaskStatus.IN_PROGRESS, rt.read(s -> s.task(first.getTaskId()).getStatus()));
            // without its key the rules would refuse a second start of a started task with their own code: the key
            // refuses it first, with nothing journaled
            long entries = journalLines(data);
            CommandException again = assertThrows(CommandException.class, () -> start(rt, first));
            assertEquals(FollowUpKeys.APPLIED, again.code());
            assertEquals(entries, journalLines(data));
            // the entry holds the key and the chair's name, as journaled
            String line = Files.readAllLines(journal(data)).stream().filter(l -> l.contains("\"key\":\"meeting:m:start\""))
                    .findFirst().orElseThrow();
            assertTrue(line.contains("\"actor\":\"" + first.getAssignee() + "\""), line);
            // a few more commands: snapshots are taken after the keyed entry
            for (int i = 0; i < 9; i++) {
                rt.command(new SendInterrupt("status", null, null, null, "round " + i), "ceo", s -> { });
            }
        }
        assertTrue(snapshotCount(data) > 0, "snapshots were taken");
        try (ProjectRegistry projects = registry(data, 4)) {
            projects.recoverAll(); // from the newest snapshot: the keyed entry is before it
            CommandException again = assertThrows(CommandException.class, () -> start(projects.get(ID), first));
            assertEquals(FollowUpKeys.APPLIED, again.code());
        }
        try (Stream<Path> files = Files.list(data.resolve("projects").resolve(ID))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).toList()) {
                Files.delete(f);
            }
        }
        try (ProjectRegistry projects = registry(data, 4)) {
            projects.recoverAll(); // the whole journal: the keyed entry is replayed
            CommandException again = assertThrows(CommandException.class, () -> start(projects.get(ID), first));
            assertEquals(FollowUpKeys.APPLIED, again.code());
        }
    }

    /** The task's start as the closed meeting of a meeting task reports it: keyed, in the assignee's name. */
    private static void start(ProjectRuntime rt, Task t) {
        FollowUpKeys.keyed("meeting:m:start", () -> {
            rt.command(new io.conclave.model.command.ReportTask(TaskEvent.Kind.START, t.getTaskId(), t.getAssignee(), null),
                    t.getAssignee(), s -> { });
            return null;
        });
    }

    private static Path journal(Path data) {
        return data.resolve("projects").resolve(ID).resolve("journal.jsonl");
    }

    private static long journalLines(Path data) throws IOException {
        return Files.readAllLines(journal(data)).size();
    }

    private static long snapshotCount(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("projects").resolve(ID))) {
            return files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).count();
        }
    }

}
