package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static io.conclave.api.RealAgentsSupport.operator;
import static io.conclave.api.RealAgentsSupport.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A skipped task's follow-ups are decided by the rules (rules/workflow/workflow.drl): skipped with it, as the work
 * they follow was not done, and their own follow-ups after them, while tasks that depend on them proceed as past any
 * skipped task. And a run that ends names every task it left unfinished in its report's risks, each with its reason.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SkippedFollowUpsTest {
    /**
     * t1 has the follow-up f1, which has the follow-up f2; t2 depends on f1; t3 has the follow-up f3. Every task needs
     * dev 5, which both agents have: t1 and t3, ready at creation, are assigned at once.
     */
    private static String projectWithFollowUps(String id) {
        return project(id).agent(agent("cid").skill("dev", 9), agent("ann").skill("dev", 8))
                .task(task("t1").hours(1).needs("dev", 5).followUps("f1"),
                        task("f1").hours(1).needs("dev", 5).followUps("f2"),
                        task("f2").hours(1).needs("dev", 5),
                        task("t2").hours(1).needs("dev", 5).after("f1"),
                        task("t3").hours(1).needs("dev", 5).followUps("f3"),
                        task("f3").hours(1).needs("dev", 5))
                .json();
    }

    private static String assignee(String base, String task) {
        return api().get(base + "/tasks/" + task).then().statusCode(200).body(jsonPath("status", equalTo("ASSIGNED")))
                .extract().path("assignee");
    }

    @Test
    void aSkippedTasksFollowUpsAreSkippedWithItAndTheReportNamesWhatARunLeftOpen() {
        String p = uniqueId("skip-fu");
        create(projectWithFollowUps(p), p);
        String base = "/api/projects/" + p;
        operator("POST", base + "/run", "{\"agents\": \"real\"}").statusCode(202);
        operator("POST", base + "/interrupts", "{\"action\": \"skip\", \"task_id\": \"t1\"}").statusCode(202);
        // t1 is skipped; f1 and, after it, f2 follow work that was not done: skipped too, each saying why
        api().get(base + "/tasks/t1").then().body(jsonPath("status", equalTo("SKIPPED")));
        api().get(base + "/tasks/f1").then().body(jsonPath("status", equalTo("SKIPPED")))
                .body(jsonPath("status_reason",
                        equalTo("follow-up of t1, which was skipped: the work it follows was not done")));
        api().get(base + "/tasks/f2").then().body(jsonPath("status", equalTo("SKIPPED")))
                .body(jsonPath("status_reason", containsString("follow-up of f1, which was skipped")));
        // t2 depended on f1: it proceeds, as past any skipped task, and is assigned
        report(p, "t2", "complete", assignee(base, "t2")).statusCode(200);
        // t3 fails: its follow-up f3 is never released, and nothing more can progress
        report(p, "t3", "fail", assignee(base, "t3")).statusCode(200);
        api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("COMPLETED")))
                .body(jsonPath("reason", equalTo("nothing more can progress")));
        // every task the run did not complete is a risk with its reason, f3 (left PENDING) among them
        List<Map<String, String>> risks = api().get(base + "/report").then().statusCode(200).extract().jsonPath()
                .getList("risks");
        assertEquals(List.of("t1:skipped", "f1:skipped", "f2:skipped", "t3:failed", "f3:unfinished"),
                risks.stream().map(r -> r.get("task_id") + ":" + r.get("kind")).toList());
        String f3 = risks.get(4).get("reason");
        assertEquals(true, f3.startsWith("PENDING, never released"), f3);
        // the ledger says who decided the follow-ups: the rule, with the reason
        api().get(base + "/decisions?task_id=f1").then()
                .body(jsonPath("find { it.to_status == 'SKIPPED' }.rule",
                        equalTo("A follow-up of a skipped task is skipped with it")));
    }
}
