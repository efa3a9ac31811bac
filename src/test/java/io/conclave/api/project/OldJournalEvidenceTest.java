package io.conclave.api.project;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.api.DamagedOwnerResourceTest;
import io.conclave.app.evidence.WorkedProject;
import io.conclave.cli.CliCalls;
import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.RuleFolder;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ReportTask;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A project whose journal an earlier version wrote, before journals were chained: three entries without {@code prev}
 * or {@code policy_hash}, put in the data folder before the service started ({@link #seed}, through the profile this
 * class shares with {@link DamagedOwnerResourceTest}). It replays as it ran, its lines stay byte for byte, the next
 * entry is chained to its last line, and its export verifies: the chain from entry 3 on (entry 4 records entry 3's
 * hash), the older entries by the replay.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class)
public class OldJournalEvidenceTest {
    static final String ID = "old-journal";

    /** Entries 1-3 of {@link WorkedProject} as the version before the chain wrote them, under the shipped policy. */
    static List<String> oldLines() {
        try {
            String version = io.conclave.model.policy.RuleFile.digest(RuleFolder.read(Path.of("rules"))).substring(0, 12);
            Instant at = Instant.parse("2026-01-05T09:00:00Z");
            List<JournalEntry<ProjectCommand>> entries = List.of(
                    new JournalEntry<>(1, "operator", version, at,
                            CreateProject.of(io.conclave.app.ProjectSchemaCheck.spec(WorkedProject.json(ID)))),
                    new JournalEntry<>(2, "ann", version, at.plusSeconds(60),
                            new ReportTask(TaskEvent.Kind.START, "t1", "ann", null)),
                    new JournalEntry<>(3, "ann", version, at.plusSeconds(120),
                            new ReportTask(TaskEvent.Kind.COMPLETE, "t1", "ann", null)));
            List<String> lines = new java.util.ArrayList<>();
            for (JournalEntry<ProjectCommand> e : entries) {
                lines.add(CommandCodec.PROJECT.toLine(e));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the older journal into the data folder of the profile, before the service starts. */
    public static void seed(Path data) throws IOException {
        Path folder = Files.createDirectories(data.resolve("projects").resolve(ID));
        Files.writeString(folder.resolve(FileJournal.FILE), String.join("\n", oldLines()) + "\n");
    }

    @Test
    void anOlderJournalReplaysIsChainedFromItsLastLineAndVerifies(@TempDir Path dir) throws IOException {
        List<String> old = oldLines();
        old.forEach(l -> assertTrue(!l.contains("\"prev\"") && !l.contains("\"policy_hash\""), l));
        // replayed as it ran: t1 completed by ann, so t2 (needs y) is ready and bob's, t3 waits for it
        api().when().get("/api/projects/" + ID + "/tasks/t1").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")));
        api().when().get("/api/projects/" + ID + "/tasks/t2").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("bob")));
        // entry 4, the first one this version writes
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"bob\"}")
                .when().post("/api/projects/" + ID + "/tasks/t2/start").then().statusCode(200);
        Path journal = Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class))
                .resolve("projects").resolve(ID).resolve(FileJournal.FILE);
        List<String> lines = Files.readAllLines(journal);
        assertEquals(4, lines.size());
        assertEquals(old, lines.subList(0, 3), "the older lines are left byte for byte");
        assertTrue(lines.get(3).contains("\"seq\":4,\"prev\":\"" + Chain.hash(old.get(2)) + "\""), lines.get(3));
        // the export verifies: the chain from entry 3 on, the replay of all four
        Path key = Files.writeString(dir.resolve("node-key.pub"), api().when().get("/api/evidence/key").then()
                .statusCode(200).extract().path("public_key"));
        Path export = Files.writeString(dir.resolve("old.json"), api().when().get("/api/projects/" + ID + "/evidence")
                .then().statusCode(200).extract().asString());
        CliCalls.Result r = CliCalls.conclave("verify", export.toString(), "--key", key.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(export + ": chain: entries 1-4 as written, in order, up to the signed head; entries "
                + "1-3 were written before journals were chained (covered from entry 3 on, and by the replay)\n"), r.out());
        assertTrue(r.out().contains(export + ": replay: 4 entries under their recorded versions made the export's "),
                r.out());
        assertTrue(r.out().endsWith(export + ": verified\n"), r.out());
        // a byte changed in an entry the chain does not cover is still found: by its checksum
        String changed = Files.readString(export).replaceFirst("\\\\\"actor\\\\\":\\\\\"ann\\\\\"",
                "\\\\\"actor\\\\\":\\\\\"amn\\\\\"");
        Path edited = Files.writeString(dir.resolve("old-edited.json"), changed);
        r = CliCalls.conclave("verify", edited.toString(), "--key", key.toString());
        assertEquals(4, r.code(), r.out());
        assertTrue(r.out().contains(edited + ": entry 2 was changed: its checksum does not match its content (a changed "
                + "byte)\n"), r.out());
    }
}
