package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.conclave.api.meeting.SchedulingResourceTest;

/** Without a policy a negotiation has nothing to decide with: 503, like every command (bad input is still 400). */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(NoPolicyTest.EmptyRules.class)
public class SchedulingNoPolicyTest {

    @Test
    void aNegotiationWithoutPolicyIsRefusedWith503() {
        api().contentType(ContentType.JSON).body(SchedulingResourceTest.seed(2))
                .when().post("/api/scheduling/negotiations")
                .then().statusCode(503)
                .body(jsonPath("error", equalTo("no_policy")));
        api().contentType(ContentType.JSON).body(SchedulingResourceTest.seed(0))
                .when().post("/api/scheduling/negotiations")
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.meeting.minimum_participants")));
    }
}
