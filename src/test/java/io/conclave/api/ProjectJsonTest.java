package io.conclave.api;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.subtask;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.conclave.app.ProjectSchemaCheck;
import io.conclave.model.Json;

/** {@link ProjectJson} writes the document a test describes: its fields only, in order, numbers as given. */
class ProjectJsonTest {

    @Test
    void onlyTheFieldsSetInTheOrderSetWithIntegersAndDecimalsKept() {
        String json = project("p").title("two").skillDevelopmentRate(0)
                .agent(agent("ann").name("Ann").skill("x", 5).skill("y", 5.3).prefers("design", 10).maxOpenTasks(2),
                        agent("bob").manager("ann").priority(2))
                .task(task("t1").hours(1.5).priority(5).needs("x", 5).type("design"),
                        task("t2").needs("x", 1).after("t1").followUps("t3").resources("db"),
                        task("t3"))
                .json();
        assertEquals("{\"project_id\":\"p\",\"title\":\"two\",\"skill_development_rate\":0,"
                + "\"agents\":[{\"agent_id\":\"ann\",\"name\":\"Ann\",\"skill_levels\":{\"x\":5,\"y\":5.3},"
                + "\"preferences\":{\"design\":10},\"max_open_tasks\":2},"
                + "{\"agent_id\":\"bob\",\"manager\":\"ann\",\"priority\":2}],"
                + "\"tasks\":[{\"task_id\":\"t1\",\"estimated_hours\":1.5,\"priority\":5,\"required_skills\":{\"x\":5},"
                + "\"task_type\":\"design\"},"
                + "{\"task_id\":\"t2\",\"required_skills\":{\"x\":1},\"dependencies\":[\"t1\"],"
                + "\"follow_up_tasks\":[\"t3\"],\"resources\":[\"db\"]},"
                + "{\"task_id\":\"t3\"}]}", json);
    }

    @Test
    void meetingsSchedulingSubtasksAndOtherFields() throws Exception {
        ProjectJson p = project("m").mode("same_day").startDate("2024-03-04T08:00:00").contractNet(60, 2)
                .setJson("spawning", "{\"enabled\": true}").set("time_slice_hours", 1)
                .agent(agent("ann").available("2024-03-04", 9, 10.5),
                        agent("bob").available("2024-03-04", "14:00", "16:00"))
                .task(task("sync").meeting("ann", "bob").date("2024-03-04T09:00:00"),
                        task("p").coordination("centralized").subtasks(subtask("one").retries(1).needs("x", 3), "c"),
                        task("c").manager("ann").complexity(3));
        assertEquals(Json.MAPPER.readTree("""
                {"project_id": "m", "scheduling": {"mode": "same_day", "start_date": "2024-03-04T08:00:00"},
                 "contract_net": {"bid_window_minutes": 60.0, "max_announcements": 2},
                 "spawning": {"enabled": true}, "time_slice_hours": 1,
                 "agents": [{"agent_id": "ann",
                             "availability": [{"date": "2024-03-04", "start_time": 9, "end_time": 10.5}]},
                            {"agent_id": "bob",
                             "availability": [{"date": "2024-03-04", "start_time": "14:00", "end_time": "16:00"}]}],
                 "tasks": [{"task_id": "sync", "meeting_required": true, "attendees": ["ann", "bob"],
                            "scheduled_date": "2024-03-04T09:00:00"},
                           {"task_id": "p", "coordination": "centralized",
                            "subtasks": [{"description": "one", "retries": 1, "required_skills": {"x": 3}}, "c"]},
                           {"task_id": "c", "manager": "ann", "complexity": 3}]}""").toString(), p.json());
        ProjectSchemaCheck.assertValid(p.node(), "the built project");
        assertEquals("m", p.id());
    }
}
