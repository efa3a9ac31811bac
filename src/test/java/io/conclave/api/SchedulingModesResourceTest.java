package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.runToStop;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The scheduling block over REST: its validation (400 with JSON paths) and a calendar run. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SchedulingModesResourceTest {

    @Test
    void aBadSchedulingBlockIsA400NamingEveryPath() {
        String id = uniqueId("badsched");
        String body = """
                {"project_id": "%s", "title": "bad",
                 "scheduling": {"mode": "weekly", "working_hours": {"start": "25:00", "end": "08:00"},
                                "working_days": ["mon", "funday", "Monday"]},
                 "agents": [], "tasks": []}
                """.formatted(id);
        api().contentType(ContentType.JSON).body(body).when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details", hasSize(4)))
                .body(jsonPath("details.path",
                        containsInAnyOrder("$.scheduling.mode", "$.scheduling.working_hours.start",
                        "$.scheduling.working_days[1]", "$.scheduling.working_days[2]")))
                .body(jsonPath("details.find { it.path == '$.scheduling.mode' }.message",
                        containsString("use one of [same_day, distributed, compressed]")))
                .body(jsonPath("details.find { it.path == '$.scheduling.working_days[2]' }.message",
                        containsString("duplicate day 'Monday'")));
        api().when().get("/api/projects/" + id).then().statusCode(404);

        String inverted = """
                {"project_id": "%s", "title": "bad",
                 "scheduling": {"working_hours": {"start": "17:00", "end": "09:00"}, "working_days": []}}
                """.formatted(id);
        api().contentType(ContentType.JSON).body(inverted).when().post("/api/projects")
                .then().statusCode(400)
                .body(jsonPath("details.path",
                        containsInAnyOrder("$.scheduling.working_hours.end", "$.scheduling.working_days")));
    }

    /*
     * distributed, start Monday 2024-01-15 09:00: a (10 h) runs Mon 09:00-17:00 and Tue 09:00-11:00; b
     * (after a, scheduled Tue 09:00) shifts to 11:00 (auto_adjust_dates) and runs 11:00-13:00.
     */
    @Test
    void aCalendarRunFollowsTheProjectsMode() {
        String id = uniqueId("calrun");
        create(project(id).title("calendar").mode("distributed").scheduling("auto_adjust_dates", true)
                .startDate("2024-01-15T09:00:00")
                .agent(agent("alice").skill("x", 5))
                .task(task("a").hours(10).needs("x", 1).date("2024-01-15T09:00:00"),
                        task("b").hours(2).needs("x", 1).after("a").date("2024-01-16T09:00:00"))
                .json(), id);
        String p = "/api/projects/" + id;
        api().contentType(ContentType.JSON).body("{\"timeline\": \"sideways\"}").when().post(p + "/run")
                .then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.timeline")));
        runToStop(id, "{}") // the project names a scheduling mode: its run follows the calendar by default
                .body(jsonPath("scheduling.mode", equalTo("distributed")))
                .body(jsonPath("scheduling.working_hours_start", equalTo("09:00")))
                .body(jsonPath("simulated_end", equalTo("2024-01-16T13:00")))
                .body(jsonPath("tasks.find { it.task_id == 'a' }.simulated_end", equalTo("2024-01-16T11:00")))
                .body(jsonPath("tasks.find { it.task_id == 'b' }.simulated_start", equalTo("2024-01-16T11:00")))
                .body(jsonPath("tasks.find { it.task_id == 'b' }.planned_start", equalTo("2024-01-16T11:00")))
                .body(jsonPath("tasks.find { it.task_id == 'b' }.shifted", equalTo(true)))
                .body(jsonPath("tasks.find { it.task_id == 'b' }.ran_late", equalTo(false)));
        api().when().get(p + "/decisions").then().statusCode(200)
                .body(jsonPath("findAll { it.kind == 'START_SHIFTED' }.task_id", containsInAnyOrder("b")))
                .body(jsonPath("find { it.kind == 'START_SHIFTED' }.rule",
                        equalTo("Dependent shifts when a dependency finishes after its planned start")));
    }
}
