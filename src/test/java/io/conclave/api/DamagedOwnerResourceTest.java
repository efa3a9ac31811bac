package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalEntry;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ReportTask;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A project whose journal was damaged while the service was down (a byte changed in its second entry):
 * the service starts, lists it as DAMAGED with the file and the entry, answers 409 to its reads, commands
 * and a second creation alike, and brings it back when an operator repairs it.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(DamagedOwnerResourceTest.Seeded.class)
public class DamagedOwnerResourceTest {

    /**
     * A data folder holding project "hurt" with three entries, the second one changed after it was written, and
     * project "old-journal" as a version before the chain wrote it ({@link
     * io.conclave.api.project.OldJournalEvidenceTest}); and project files whose unknown fields are ignored, for {@link
     * UnknownFieldsAllowedTest}; spans exported to a collector ({@link io.conclave.app.TraceCollector}), for {@link
     * io.conclave.app.TracingExportTest}; the repository's rules, which no edit over the API may change ({@code
     * conclave.rules.remote-edit=false}), for {@link LockedRulesTest}; a conversation with a turn granted before the
     * start, for {@link io.conclave.api.conversation.RecoveredTurnsTest}. One application serves the six classes (each test
     * profile is an application built and started of its own): none sends a file with unknown fields to another's
     * project, the damaged project is the only one any lists as damaged, only the tracing test reads spans, and none
     * edits the rules.
     */
    public static class Seeded implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(io.conclave.app.TraceCollector.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Path data = ApiSupport.freshFolder("damaged-data");
            try {
                ProjectSpec spec = io.conclave.app.ProjectSchemaCheck.spec(project("hurt")
                        .agent(agent("ann").skill("x", 5)).task(task("t1").needs("x", 1)).json());
                Instant at = Instant.parse("2026-01-05T09:00:00Z");
                List<JournalEntry<ProjectCommand>> entries = List.of(
                        new JournalEntry<>(1, "operator", "any", at, CreateProject.of(spec)),
                        new JournalEntry<>(2, "ann", "any", at, new ReportTask(TaskEvent.Kind.START, "t1", "ann", null)),
                        new JournalEntry<>(3, "ann", "any", at, new ReportTask(TaskEvent.Kind.COMPLETE, "t1", "ann", null)));
                StringBuilder journal = new StringBuilder();
                for (JournalEntry<ProjectCommand> e : entries) {
                    journal.append(CommandCodec.PROJECT.toLine(e)).append('\n');
                }
                // entry 2 now says bob started the task: still valid JSON, caught by its checksum only
                String damaged = journal.toString().replaceFirst("\"actor\":\"ann\"", "\"actor\":\"bob\"");
                Path folder = Files.createDirectories(data.resolve("projects/hurt"));
                Files.writeString(folder.resolve("journal.jsonl"), damaged);
                io.conclave.api.project.OldJournalEvidenceTest.seed(data);
                io.conclave.api.conversation.RecoveredTurnsTest.seed(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ApiSupport.profile(Map.of("conclave.data-dir", data.toString(), "conclave.load-projects-on-start", "false",
                    "conclave.projects.allow-unknown-fields", "true", "conclave.rules.remote-edit", "false"));
        }
    }

    @Test
    void aDamagedProjectIsListedRefusedAndRepairedExplicitly() {
        api().when().get("/api/projects").then().statusCode(200)
                .body(jsonPath("find { it.project_id == 'hurt' }.status", equalTo("DAMAGED")))
                .body(jsonPath("find { it.project_id == 'hurt' }.damage.entry", equalTo(2)))
                .body(jsonPath("find { it.project_id == 'hurt' }.damage.location",
                        endsWith("projects/hurt/journal.jsonl")));
        api().when().get("/api/admin/damaged").then().statusCode(200)
                .body(jsonPath("kind", contains("project"))).body(jsonPath("id", contains("hurt")))
                .body(jsonPath("reason[0]", containsString("checksum")));
        // reads, commands and a second creation agree: the id is taken by a damaged project
        api().when().get("/api/projects/hurt").then().statusCode(409)
                .body(jsonPath("error", equalTo("project_damaged")))
                .body(jsonPath("message", containsString("entry 2")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}")
                .when().post("/api/projects/hurt/tasks/t1/complete").then().statusCode(409)
                .body(jsonPath("error", equalTo("project_damaged")));
        api().contentType(ContentType.JSON).body("""
                {"project_id": "hurt", "tasks": []}""").when().post("/api/projects").then().statusCode(409)
                .body(jsonPath("error", equalTo("project_damaged")));
        // the repair keeps entry 1 (the creation): t1 is assigned to ann again and waits to be started
        api().header("X-Conclave-Actor", "admin").when().post("/api/admin/projects/hurt/repair").then()
                .statusCode(200).body(jsonPath("damaged_entry", equalTo(2)))
                .body(jsonPath("repaired_by", equalTo("admin")));
        api().when().get("/api/projects/hurt/tasks/t1").then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED"))).body(jsonPath("assignee", equalTo("ann")));
        api().when().get("/api/admin/damaged").then().statusCode(200).body(jsonPath("size()", equalTo(0)));
        api().header("X-Conclave-Actor", "admin").when().post("/api/admin/projects/hurt/repair").then()
                .statusCode(409).body(jsonPath("error", equalTo("project_not_damaged")));
        api().when().post("/api/admin/robots/hurt/repair").then().statusCode(404)
                .body(jsonPath("error", equalTo("unknown_kind")));
    }
}
