package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.journal.JournalEntry;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Request bodies are read strictly by the shared JSON configuration: one document and nothing after it,
 * no scalar coerced into another type, no JSON null where a body is expected. Each refusal is a 400
 * naming the JSON path, and nothing is created.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class StrictJsonTest {

    @Test
    void trailingTokensAfterTheDocumentAreRefused() {
        String id = uniqueId("trailing");
        post("/api/projects", twoAgentProject(id) + " ] ] garbage").statusCode(400)
                .body(jsonPath("error", equalTo("malformed_json")))
                .body(jsonPath("details[0].path", equalTo("$")));
        post("/api/projects", twoAgentProject(id) + " garbage").statusCode(400)
                .body(jsonPath("error", equalTo("malformed_json")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }

    @Test
    void twoConcatenatedDocumentsAreRefused() {
        String id = uniqueId("twice");
        post("/api/projects", twoAgentProject(id) + twoAgentProject(id + "b")).statusCode(400)
                .body(jsonPath("error", equalTo("malformed_json")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
        api().when().get("/api/projects/" + id + "b").then().statusCode(404);
    }

    @Test
    void aNumberOrABooleanIsNotAnId() {
        // each of these was once stored as a project named "1", "1.5" or "true"
        for (String value : List.of("1", "1.5", "true")) {
            String body = twoAgentProject("x").replace("\"project_id\": \"x\"", "\"project_id\": " + value);
            post("/api/projects", body).statusCode(400)
                    .body(jsonPath("details[0].path", equalTo("$.project_id")))
                    .body(jsonPath("details[0].message", equalTo("must be a string")));
            api().when().get("/api/projects/" + value).then().statusCode(404);
        }
    }

    @Test
    void aStringIsNotANumberAndAFractionIsNotAnInteger() {
        String id = uniqueId("coerce");
        create(twoAgentProject(id), id);
        run(id, "{\"seed\": \"12\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.seed")));
        run(id, "{\"seed\": 1.5}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.seed")));
        run(id, "{\"failure_rate\": \"0.5\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.failure_rate")));
        run(id, "{\"spawn_additional_meetings\": \"true\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.spawn_additional_meetings")));
        // a priority given as text inside the project definition: the path goes down to it
        String body = twoAgentProject(uniqueId("prio")).replaceFirst("\"priority\": 3", "\"priority\": \"3\"");
        post("/api/projects", body).statusCode(400).body(jsonPath("details[0].path", equalTo("$.tasks[0].priority")));
        // none of the refused runs started
        api().when().get("/api/projects/" + id + "/runs").then().statusCode(200).body(jsonPath("size()", equalTo(0)));
    }

    @Test
    void aNullOrEmptyBodyIsRefused() {
        String id = uniqueId("nullrun");
        create(twoAgentProject(id), id);
        run(id, "null").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$")));
        api().contentType(ContentType.JSON).when().post("/api/projects/" + id + "/run").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$")));
        post("/api/projects", "null").statusCode(400).body(jsonPath("details[0].path", equalTo("$")));
        api().when().get("/api/projects/" + id + "/runs").then().statusCode(200).body(jsonPath("size()", equalTo(0)));
        // {} is the way to ask for every default
        run(id, "{}").statusCode(202);
    }

    /**
     * A journal written before input became strict holds the body as it was accepted then: a seed given
     * as text. It still replays (journals are read by the lenient journal mapper), while the same body
     * is refused over REST.
     */
    @Test
    void aJournalEntryAcceptedBeforeStillReads(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        String line = "{\"seq\":1,\"type\":\"create\",\"actor\":\"operator\",\"policy_version\":\"abc\","
                + "\"recorded_at\":\"2024-01-01T00:00:00Z\",\"body\":" + twoAgentProject("old").replace("\"priority\": 3", "\"priority\": \"3\"")
                .replace("\n", " ") + "}\n";
        Files.writeString(folder.resolve("journal.jsonl"), line, StandardCharsets.UTF_8);
        List<JournalEntry<ProjectCommand>> entries;
        try (FileJournal<ProjectCommand> journal = new FileJournal<>(folder, CommandCodec.PROJECT)) {
            entries = journal.read().entries();
        }
        assertEquals(1, entries.size());
        io.conclave.model.ProjectSpec spec = ((CreateProject) entries.get(0).command()).spec();
        assertEquals(3, spec.tasksOrEmpty().get(0).priority());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), entries.get(0).recordedAt());
    }

    private static ValidatableResponse post(String path, String body) {
        return api().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static ValidatableResponse run(String id, String body) {
        return post("/api/projects/" + id + "/run", body);
    }
}
