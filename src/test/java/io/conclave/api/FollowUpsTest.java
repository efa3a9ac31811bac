package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.conclave.app.followup.FollowUps;
import io.conclave.app.followup.OwnerCommands.FollowUp;
import io.conclave.app.followup.OwnerCommands.OnlyIf;
import io.conclave.app.followup.OwnerCommands.Outcome;
import io.conclave.model.CommandException;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.ReportTask;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The follow-up seam on one node ({@link FollowUps}, what the meeting tasks, the conversation votes and the
 * consensus send through): a follow-up is applied once per key, skipped when its condition no longer holds on
 * its target, refused as the target's own command would be; and the endpoint other nodes send to answers on
 * one node only that it is not part of a cluster, to admins only, with every problem of a bad body.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class FollowUpsTest {
    @Inject
    FollowUps followUps;

    /**
     * twoAgentProject: t1 (x 5) is assigned to alice (x 9, the best score); t2 waits for t1. A start of t1 in
     * alice's name, while t1 is ASSIGNED: applied, t1 IN_PROGRESS. The same key again: already applied, nothing
     * changes (without the key the rules would refuse a second start). Another key with the same condition:
     * skipped, t1 is no longer ASSIGNED. A completion of a task the project does not have: no rule accepts it,
     * refused as the same report of an agent is (422, kind POLICY), with nothing journaled.
     */
    @Test
    void aFollowUpIsAppliedOncePerKeySkippedWhenItsConditionFailsAndRefusedAsItsCommand() {
        String id = ApiSupport.uniqueId("follow");
        ApiSupport.create(ApiSupport.twoAgentProject(id), id);
        api().get("/api/projects/" + id).then().statusCode(200).body(jsonPath("tasks[0].assignee", equalTo("alice")));
        FollowUp start = new FollowUp("project", id, new ReportTask(TaskEvent.Kind.START, "t1", "alice", null), "alice",
                "test:" + id + ":start", new OnlyIf("t1", List.of("ASSIGNED")));

        assertEquals(Outcome.APPLIED, followUps.send(start));
        assertEquals(Outcome.ALREADY_APPLIED, followUps.send(start));
        assertEquals(Outcome.SKIPPED, followUps.send(new FollowUp("project", id, start.command(), "alice",
                "test:" + id + ":start-again", start.onlyIf())));
        CommandException refused = assertThrows(CommandException.class, () -> followUps.send(new FollowUp("project", id,
                new ReportTask(TaskEvent.Kind.COMPLETE, "nope", "alice", null), "alice", "test:" + id + ":nope", null)));
        assertEquals(CommandException.Kind.POLICY, refused.kind(), refused.getMessage());

        // one start in the project's history, in alice's name
        api().get("/api/projects/" + id).then().statusCode(200)
                .body(jsonPath("tasks[0].status", equalTo("IN_PROGRESS")))
                .body(jsonPath("tasks[1].status", equalTo("PENDING")));
    }

    @Test
    void theEndpointBetweenNodesIsForAdminsAndSaysThisNodeIsNotClustered() {
        String wire = """
                {"kind": "project", "owner_id": "p1", "type": "task_event", "command": {}, "actor": "a1", "key": "k"}""";
        api().contentType(ContentType.JSON).body(wire).post("/api/cluster/follow-ups").then().statusCode(404)
                .body(jsonPath("error", equalTo("not_clustered")));
        api().contentType(ContentType.JSON).body("{\"kind\": \"project\", \"command\": {}}")
                .post("/api/cluster/follow-ups").then().statusCode(400)
                .body(jsonPath("details.path", containsInAnyOrder("$.owner_id", "$.type", "$.actor", "$.key")));
        // an operator may read the cluster, not act as a node
        String operator = api().contentType(ContentType.JSON).body("{\"role\": \"operator\", \"name\": \"ops\"}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        api().header("Authorization", "Bearer " + operator).contentType(ContentType.JSON).body(wire)
                .post("/api/cluster/follow-ups").then().statusCode(403);
    }

}
