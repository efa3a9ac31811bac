package io.conclave.api.project;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.RealAgentsSupport.operator;
import static io.conclave.api.RealAgentsSupport.project;
import static io.conclave.api.RealAgentsSupport.report;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Agents as members of a loaded project (register, update, retire: operators only, journaled, decided by
 * rules/assignment/members.drl) and proposals of an assignee (rules/assignment/proposals.drl).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class MemberResourceTest {

    private static String agents(String p) {
        return "/api/projects/" + p + "/agents";
    }

    @Test
    void aRegisteredAgentIsCheckedAsTheFilesAgentsAreAndTakesWorkARetiringAgentReleases() {
        String p = uniqueId("members");
        create(project(p, true), p);
        // checked as the project file's agents: every problem with its path; only operators register
        operator("POST", agents(p), """
                { "agent_id": "dan", "skill_levels": { "dev": 11 }, "max_open_tasks": 0, "manager": "zed" }""")
                .statusCode(400)
                .body(jsonPath("details.path", contains("$.skill_levels.dev", "$.max_open_tasks", "$.manager")));
        // dan (not yet an agent of it) is refused at the project's door; ann, one of its agents, by her role
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"dan\", \"skill_levels\": {\"dev\": 10}}")
                .post(agents(p)).then().statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"skill_levels\": {\"dev\": 10}}")
                .post(agents(p)).then().statusCode(403).body(jsonPath("error", equalTo("operators_only")));
        operator("POST", agents(p), "{\"agent_id\": \"ann\"}").statusCode(409)
                .body(jsonPath("error", equalTo("agent_exists")))
                .body(jsonPath("details[0].path", equalTo("$.agent_id")));
        operator("POST", agents(p), "{\"agent_id\": \"dan\", \"skill_levels\": {\"dev\": 10}}").statusCode(201)
                .body(jsonPath("agent_id", equalTo("dan"))).body(jsonPath("open_tasks", equalTo(0)));
        // cid holds t1 (scored 63 at creation). Retired, t1 is released and served again: dan scores
        // 10 x 7 = 70 against ann's 56, so dan takes it; the ledger says both
        operator("POST", agents(p) + "/cid/retire", "{\"reason\": \"moved to another team\"}").statusCode(200)
                .body(jsonPath("agent_id", not(hasItem("cid"))));
        api().get("/api/projects/" + p + "/tasks/t1").then().body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("dan")));
        api().get("/api/projects/" + p + "/decisions?task_id=t1").then()
                .body(jsonPath("kind", contains("STATUS_CHANGED", "ASSIGNED", "TASK_RELEASED", "ASSIGNED")))
                .body(jsonPath("[2].reason",
                        equalTo("released: cid retired (moved to another team) while the task was ASSIGNED;"
                        + " it is served again")))
                .body(jsonPath("[2].rule", equalTo("Release the open task of a retiring agent")))
                .body(jsonPath("[3].agent_ids", contains("dan")));
        api().get("/api/projects/" + p + "/decisions?kind=AGENT_RETIRED").then()
                .body(jsonPath("[0].reason", equalTo("cid retired by ops: moved to another team")));
        // the retired agent's reports are refused: it is no agent of the project any more, so its token no longer
        // reaches the project
        report(p, "t1", "start", "cid").statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        // what the project's structure still names is not retired; nobody unknown is
        operator("POST", agents(p) + "/ann/retire", "{}").statusCode(409)
                .body(jsonPath("error", equalTo("still_attending")))
                .body(jsonPath("message", containsString("ann attends meeting task sync (PENDING)")));
        operator("POST", agents(p) + "/zed/retire", "{}").statusCode(404)
                .body(jsonPath("error", equalTo("unknown_agent")));
        // an update keeps the open work: dan still holds t1, now with more capacity
        operator("PUT", agents(p) + "/dan", "{\"skill_levels\": {\"dev\": 10}, \"max_open_tasks\": 5}").statusCode(200)
                .body(jsonPath("max_open_tasks", equalTo(5))).body(jsonPath("open_tasks", equalTo(1)));
        operator("PUT", agents(p) + "/dan", "{\"agent_id\": \"eve\"}").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.agent_id")));
    }

    @Test
    void aProposalIsKeptUntilItsTaskIsReadyThenAcceptedOrOverruledWithTheReason() {
        String p = uniqueId("proposals");
        create(project(p, false), p);
        String proposals = "/api/projects/" + p + "/tasks/%s/proposals";
        // bob (dev 6) for t2 (dev 5): kept while t2 waits for t1
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"assignee\": \"bob\", \"rationale\": \"he knows it\"}")
                .post(proposals.formatted("t2")).then().statusCode(200)
                .body(jsonPath("task.status", equalTo("PENDING")))
                .body(jsonPath("decisions.kind", contains("ASSIGNEE_PROPOSED")))
                .body(jsonPath("decisions[0].reason", equalTo("bob proposed by ann: he knows it")));
        // bob for t3 (dev 7): he lacks it, which is said when t3 is served
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"assignee\": \"bob\"}")
                .post(proposals.formatted("t3")).then().statusCode(200);
        // refused, changing nothing: a name the project does not have (by a rule, with its reason), a task taken
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"assignee\": \"ghost\"}")
                .post(proposals.formatted("t2")).then().statusCode(404)
                .body(jsonPath("error", equalTo("unknown_agent")))
                .body(jsonPath("message",
                        containsString("refused by rule 'Refuse a proposal naming an agent the project does not have'")))
                .body(jsonPath("details[0].path", equalTo("$.assignee")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"assignee\": \"bob\"}")
                .post(proposals.formatted("t1")).then().statusCode(409)
                .body(jsonPath("error", equalTo("wrong_status")));
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\"}").post(proposals.formatted("t2"))
                .then().statusCode(400).body(jsonPath("details[0].path", equalTo("$.assignee")));
        report(p, "t1", "complete", "cid").statusCode(200);
        // t2 went to bob as proposed; t3's proposal was overruled, so the ranking served it: cid 63 (free
        // again) against ann's 56
        api().get("/api/projects/" + p + "/tasks/t2").then().body(jsonPath("assignee", equalTo("bob")));
        api().get("/api/projects/" + p + "/tasks/t3").then().body(jsonPath("assignee", equalTo("cid")));
        api().get("/api/projects/" + p + "/decisions?task_id=t2").then()
                .body(jsonPath("kind",
                        contains("ASSIGNEE_PROPOSED", "STATUS_CHANGED", "PROPOSAL_ACCEPTED", "ASSIGNED")))
                .body(jsonPath("[2].reason",
                        equalTo("bob proposed by ann (he knows it): accepted, has every required skill "
                        + "and capacity (score 30.0)")));
        api().get("/api/projects/" + p + "/decisions?task_id=t3&kind=PROPOSAL_OVERRULED").then()
                .body(jsonPath("[0].reason",
                        equalTo("bob proposed by ann: overruled, it lacks dev (has 6.0, needs 7.0); the task"
                        + " is served by the ranking")))
                .body(jsonPath("[0].rule", equalTo("Overrule a proposed assignee who lacks a required skill")));
        // the proposer is told the verdicts
        api().get("/api/agents/ann/inbox").then()
                .body(jsonPath("findAll { it.project_id == '" + p + "' }.kind",
                        contains("proposal_verdict", "proposal_verdict")));
    }
}
