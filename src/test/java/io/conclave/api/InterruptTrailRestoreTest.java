package io.conclave.api;

import static io.conclave.api.ApiSupport.COMPRESSED;
import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.createExample;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The interrupt audit trail is history: restoring a checkpoint takes the project's state back, not
 * the record of what the CEO asked. The interrupts after the restored point stay listed, marked with
 * the restore that undid them, and ids go on after the last one.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class InterruptTrailRestoreTest {

    @Test
    void aRestoreKeepsTheTrailAndMarksWhatItUndid() {
        String id = createExample(COMPRESSED, "trail-restore");
        api().contentType(ContentType.JSON)
                .body("{\"mode\": \"incremental\", \"checkpoint_frequency\": \"after_each_task\", \"timeline\": \"continuous\"}")
                .when().post("/api/projects/" + id + "/run").then().statusCode(202);
        stopped(id).body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT"))); // cp-1, after the kickoff
        interrupt(id, "{\"action\": \"status\"}");                  // i-1
        interrupt(id, "{\"action\": \"status\"}");                  // i-2
        interrupt(id, "{\"action\": \"resume\"}");                  // i-3: on to cp-2
        stopped(id).body(jsonPath("status_reason", equalTo("after task compliance_requirements (completed)")));

        api().when().post("/api/projects/" + id + "/checkpoints/cp-1/restore").then().statusCode(200);

        // all three are still there; each came after cp-1, so the restore undid it
        api().when().get("/api/projects/" + id + "/interrupts").then().statusCode(200)
                .body(jsonPath("interrupt_id", contains("i-1", "i-2", "i-3")))
                .body(jsonPath("action", contains("status", "status", "resume")))
                .body(jsonPath("undone_by", contains("restore of cp-1", "restore of cp-1", "restore of cp-1")));
        // the next interrupt gets a new id, and stands
        interrupt(id, "{\"action\": \"status\"}").body(jsonPath("interrupt_id", equalTo("i-4")));
        api().when().get("/api/projects/" + id + "/interrupts").then()
                .body(jsonPath("interrupt_id", contains("i-1", "i-2", "i-3", "i-4")))
                .body(jsonPath("[3].undone_by", nullValue()));
    }

    private static ValidatableResponse stopped(String id) {
        return api().when().get("/api/projects/" + id + "/runs/run-1/report?wait_seconds=60").then().statusCode(200);
    }

    private static ValidatableResponse interrupt(String id, String body) {
        return api().contentType(ContentType.JSON).header("X-Conclave-Actor", "ceo").body(body)
                .when().post("/api/projects/" + id + "/interrupts").then().statusCode(202);
    }
}
