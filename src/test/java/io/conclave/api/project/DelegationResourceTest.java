package io.conclave.api.project;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.subtask;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * POST /api/projects/{id}/tasks/{task_id}/delegate, the manager cycle check of project creation,
 * GET /api/projects/{id}/graph, and completion results.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class DelegationResourceTest {

    /**
     * ceo -> cto -> {lead (x 2), ops}; lead -> dev (x 6); dev -> {intern, intern2 (x 1, one task at a time)}.
     * t (x 1, 3 h) is delegated from cto: lead is a capable direct report, so lead holds it (score 2).
     * u (x 1) is delegated from dev: intern2 is its only capable report, so intern2 holds it and is full.
     */
    private static String company(String id) {
        return project(id).title("delegation").coordination("hierarchical")
                .agent(agent("ceo").name("ceo"), agent("cto").name("cto").manager("ceo"),
                        agent("lead").name("lead").manager("cto").skill("x", 2),
                        agent("ops").name("ops").manager("cto"),
                        agent("dev").name("dev").manager("lead").skill("x", 6),
                        agent("intern").name("intern").manager("dev"),
                        agent("intern2").name("intern2").manager("dev").skill("x", 1).maxOpenTasks(1))
                .task(task("t").description("t").manager("cto").needs("x", 1).hours(3),
                        task("u").description("u").manager("dev").needs("x", 1))
                .json();
    }

    private static String newCompany() {
        String id = uniqueId("deleg");
        create(company(id), id);
        return id;
    }

    private static ValidatableResponse delegate(String id, String taskId, String body) {
        return api().contentType(ContentType.JSON).body(body)
                .when().post("/api/projects/" + id + "/tasks/" + taskId + "/delegate").then();
    }

    @Test
    void theHolderHandsItsTaskToACapableAgentBelowIt() {
        String id = newCompany();
        api().when().get("/api/projects/" + id + "/tasks/t").then().statusCode(200)
                .body(jsonPath("assignee", equalTo("lead")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"dev\"}").statusCode(200)
                .body(jsonPath("task_id", equalTo("t")))
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("dev")))
                // dev: 6 x 1 = 6, no open hours before taking t
                .body(jsonPath("status_reason",
                        equalTo("assigned to dev: lead delegates to dev, below it and capable (score 6.0)")));
        // t's 3 hours moved from lead to dev (agents in definition order: ceo, cto, lead, ops, dev, intern, intern2)
        api().when().get("/api/projects/" + id + "/agents").then().statusCode(200)
                .body(jsonPath("open_tasks", contains(0, 0, 0, 0, 1, 0, 1)))
                .body(jsonPath("open_hours", contains(0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 1.0)));
        // the hand-over is what placed t last
        api().when().get("/api/projects/" + id + "/tasks/t/explain").then().statusCode(200)
                .body(jsonPath("placement.kind", equalTo("DELEGATED")))
                .body(jsonPath("placement.agent_ids", contains("lead", "dev")));
        // the ledger has cto's delegation when t was served, then lead's hand-over
        api().when().get("/api/projects/" + id + "/decisions?kind=DELEGATED&task_id=t").then().statusCode(200)
                .body(jsonPath("agent_ids", contains(
                        contains("cto", "lead"), contains("lead", "dev"))));
        // dev's inbox asks it to work t, as delegated to it; lead, which no longer holds t, has nothing of t open
        String ofT = "findAll { it.project_id == '" + id + "' && it.task_id == 't' }";
        api().when().get("/api/agents/dev/inbox").then().statusCode(200)
                .body(jsonPath(ofT + ".kind", contains("delegation")))
                .body(jsonPath(ofT + "[0].summary", containsString("delegated to you")))
                .body(jsonPath(ofT + "[0].answers.action", contains("start", "complete", "fail")))
                .body(jsonPath(ofT + "[0].answers[0].path", equalTo("/api/projects/" + id + "/tasks/t/start")))
                .body(jsonPath(ofT + "[0].answers[0].body.agent_id", equalTo("dev")));
        api().when().get("/api/agents/lead/inbox").then().statusCode(200).body(jsonPath(ofT, hasSize(0)));
    }

    @Test
    void badInputIsA400NamingEveryProblem() {
        String id = newCompany();
        delegate(id, "t", "{}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details.path", contains("$.agent_id", "$.to")))
                .body(jsonPath("details.message", contains("is required", "is required")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"../etc\"}").statusCode(400)
                .body(jsonPath("details.path", contains("$.to")))
                .body(jsonPath("details[0].message", containsString("is not a valid id")));
        // well-formed JSON of the wrong type: a problem of the request, named like the others
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": [1]}").statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$.to")))
                .body(jsonPath("details[0].message", equalTo("must be a string")));
        // nothing was delegated
        api().when().get("/api/projects/" + id + "/tasks/t").then().statusCode(200)
                .body(jsonPath("assignee", equalTo("lead")));
    }

    @Test
    void theRulesRefuseWhatIsNotAHandOverDownTheTree() {
        String id = newCompany();
        delegate(id, "nope", "{\"agent_id\": \"lead\", \"to\": \"dev\"}").statusCode(404)
                .body(jsonPath("error", equalTo("task_not_found")));
        // nobody is no agent of the project: its token is refused before the project is reached
        delegate(id, "t", "{\"agent_id\": \"nobody\", \"to\": \"dev\"}").statusCode(403)
                .body(jsonPath("error", equalTo("not_a_member")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"ghost\"}").statusCode(404)
                .body(jsonPath("error", equalTo("unknown_agent")))
                .body(jsonPath("message", startsWith("project has no agent 'ghost' to delegate to")));
        delegate(id, "t", "{\"agent_id\": \"dev\", \"to\": \"intern2\"}").statusCode(409)
                .body(jsonPath("error", equalTo("not_holder")))
                .body(jsonPath("message", startsWith("task t is held by lead, not by dev")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"ops\"}").statusCode(409)
                .body(jsonPath("error", equalTo("not_below")))
                .body(jsonPath("message",
                        startsWith("ops is not below lead in the reporting lines (ops reports to cto)")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"intern\"}").statusCode(409)
                .body(jsonPath("error", equalTo("not_capable")))
                .body(jsonPath("message", startsWith("intern is not capable of t: lacks x (has 0.0, needs 1.0)")));
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"intern2\"}").statusCode(409)
                .body(jsonPath("error", equalTo("at_capacity")))
                .body(jsonPath("message", startsWith("intern2 is at capacity (1/1 open tasks)")));
        // nothing of the refused commands stayed
        api().when().get("/api/projects/" + id + "/tasks/t").then().statusCode(200)
                .body(jsonPath("assignee", equalTo("lead")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"lead\"}")
                .when().post("/api/projects/" + id + "/tasks/t/start").then().statusCode(200);
        delegate(id, "t", "{\"agent_id\": \"lead\", \"to\": \"dev\"}").statusCode(409)
                .body(jsonPath("error", equalTo("wrong_status")))
                .body(jsonPath("message", startsWith("task t is IN_PROGRESS; delegate needs it to be [ASSIGNED]")));
    }

    @Test
    void aCycleInReportingLinesIsA400NamingTheCycle() {
        String id = uniqueId("cycle");
        String body = """
            {"project_id": "%s", "title": "cycle",
             "agents": [
               {"agent_id": "a", "name": "a", "manager": "c"},
               {"agent_id": "b", "name": "b", "manager": "a"},
               {"agent_id": "c", "name": "c", "manager": "b"},
               {"agent_id": "d", "name": "d", "manager": "a"}
             ],
             "tasks": [{"task_id": "t", "description": "t"}]}
            """.formatted(id);
        // a -> c -> b -> a (following managers up); d hangs off the cycle but is not on it
        api().contentType(ContentType.JSON).body(body).when().post("/api/projects").then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details", hasSize(1)))
                .body(jsonPath("details[0].path", equalTo("$.agents[0].manager")))
                .body(jsonPath("details[0].message",
                        equalTo("reporting lines must form a tree; cycle: a -> c -> b -> a")));
        api().when().get("/api/projects/" + id).then().statusCode(404);
    }

    @Test
    void theGraphHasEveryTaskWithItsStatusAndEveryEdge() {
        String id = uniqueId("graph");
        // alice does everything. a has follow-up f; b depends on a; p splits into p.1 (inline) and c (by id).
        create(project(id).title("graph").agent(agent("alice").name("alice"))
                .task(task("a").description("a").followUps("f"), task("b").description("b").after("a"),
                        task("f").description("f"), task("p").description("p").subtasks(subtask("one"), "c"),
                        task("c").description("c").coordination("hierarchical").retries(2))
                .json(), id);
        api().when().get("/api/projects/" + id + "/graph").then().statusCode(200)
                .body(jsonPath("project_id", equalTo(id)))
                // definition order, inline subtasks right after their parent
                .body(jsonPath("nodes.task_id", contains("a", "b", "f", "p", "p.1", "c")))
                // a is assigned; b waits for a; f is not known yet; p is decomposed, so p.1 and c are served:
                // p.1 by ranking, c handed down from the top of the tree (alice is its only root)
                .body(jsonPath("nodes.status",
                        contains("ASSIGNED", "PENDING", "PENDING", "IN_PROGRESS", "ASSIGNED", "ASSIGNED")))
                .body(jsonPath("nodes.assignee", contains("alice", null, null, null, "alice", "alice")))
                .body(jsonPath("nodes.known", contains(true, true, false, true, true, true)))
                .body(jsonPath("nodes.coordination",
                        contains("centralized", "centralized", "centralized", "centralized",
                        "centralized", "hierarchical")))
                .body(jsonPath("nodes.parent_id", contains(null, null, null, null, "p", "p")))
                .body(jsonPath("nodes.decomposed", contains(false, false, false, true, false, false)))
                .body(jsonPath("nodes.retries", contains(0, 0, 0, 0, 0, 2)))
                .body(jsonPath("edges.kind", contains("follow_up", "dependency", "subtask", "subtask")))
                .body(jsonPath("edges.from", contains("a", "a", "p", "p")))
                .body(jsonPath("edges.to", contains("f", "b", "p.1", "c")))
                .body(jsonPath("edges.position", contains(nullValue(), nullValue(), equalTo(0), equalTo(1))));
        api().when().get("/api/projects/nope-" + id + "/graph").then().statusCode(404);
    }

    @Test
    void aSubtaskOfAParentThatIsNotReadyYetNamesItsParentAsWhatItWaitsFor() {
        String id = uniqueId("subwait");
        // q waits for a, so q is not decomposed yet and q.1 is not known
        create(project(id).title("subwait").agent(agent("alice").name("alice"))
                .task(task("a").description("a"), task("q").description("q").after("a").subtasks(subtask("one")))
                .json(), id);
        api().when().get("/api/projects/" + id + "/tasks/q.1/explain").then().statusCode(200)
                .body(jsonPath("task.known", equalTo(false)))
                .body(jsonPath("waiting_for.task_id", contains("q")))
                .body(jsonPath("waiting_for.status", contains("PENDING")))
                .body(jsonPath("waiting_for.relation", contains("subtask of")));
    }

    @Test
    void aCompletionCarriesItsResultIntoTheParentsCombinedResult() {
        String id = uniqueId("results");
        create(project(id).title("results").agent(agent("alice").name("alice"))
                .task(task("p").description("p").subtasks(subtask("one"), subtask("two")))
                .json(), id);
        String tasks = "/api/projects/" + id + "/tasks/";
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\", \"result\": {\"rows\": 2}}")
                .when().post(tasks + "p.2/complete").then().statusCode(200)
                .body(jsonPath("result.rows", equalTo(2)));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\", \"result\": \"done\"}")
                .when().post(tasks + "p.1/complete").then().statusCode(200);
        // in subtask order, whatever the order of completion
        api().when().get(tasks + "p").then().statusCode(200)
                .body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("result", contains(equalTo("done"), equalTo(java.util.Map.of("rows", 2)))));
    }
}
