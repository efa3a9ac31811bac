package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.agentOf;
import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.RulesFixture;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.RecordWorkElsewhere;
import io.conclave.model.members.WorkElsewhere;

/**
 * rules/assignment/work_elsewhere.drl: an organisation roster agent's open work in its other projects, as this
 * project read and journaled it, counts against its capacity here. alice (x 5, max_open_tasks 2) and three tasks
 * needing x (t1, t2, t3, 1 h each).
 */
public class WorkElsewhereRulesTest {
    private static final AtomicLong COMMANDS = new AtomicLong(7000);
    private static final String PROJECT = """
            { "project_id": "%s", "title": "one of alice's projects",
              "agents": [ %s ],
              "tasks": [ { "task_id": "t1", "required_skills": { "x": 1 } },
                         { "task_id": "t2", "required_skills": { "x": 1 } },
                         { "task_id": "t3", "required_skills": { "x": 1 } } ] }""";
    private static final String ALICE = """
            { "agent_id": "alice", "skill_levels": { "x": 5 }, "max_open_tasks": 2 }""";

    private static void read(ProjectSession s, int tasks, double hours, Map<String, RecordWorkElsewhere.Load> by) {
        s.beginCommand(COMMANDS.incrementAndGet());
        RecordWorkElsewhere r = new RecordWorkElsewhere("alice", tasks, hours, by);
        assertNull(s.post(r.toFact(), r.toString()));
    }

    /**
     * At start alice takes t1 and t2 (2 of 2), t3 waits. A reading of 1 task (2 h) in project q counts: 3 of 2.
     * She completes t1: 2 of 2, t3 still waits, as her work elsewhere fills the place t1 left. A reading of none
     * elsewhere: 1 of 2, and the place is offered to t3, which she takes.
     */
    @Test
    void workInTheOtherProjectsCountsAgainstCapacityAndLessOfItWakesTheWaitingTasks() {
        try (ProjectSession s = RulesFixture.start(PROJECT.formatted("p", ALICE))) {
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
            assertTrue(taskOf(s, "t3").isWaiting());
            read(s, 1, 2.0, Map.of("q", new RecordWorkElsewhere.Load(1, 2.0)));
            assertEquals(3, agentOf(s, "alice").getOpenTasks());
            assertEquals(4.0, agentOf(s, "alice").getOpenHours());
            Decision d = s.ledger().get(s.ledger().size() - 1);
            assertEquals(DecisionKind.WORK_ELSEWHERE, d.getKind());
            assertEquals("Count an agent's open work in its other projects against its capacity here", d.getRule());
            assertEquals("alice has 1 open task(s), 2.0 h in its other projects {q=1 task(s), 2.0 h}: counted here, "
                    + "open 3/2 task(s), 4.0 h", d.getReason());
            assertTrue(complete(s, "t1", "alice"));
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
            assertEquals(TaskStatus.READY, taskOf(s, "t3").getStatus());
            assertTrue(taskOf(s, "t3").isWaiting());
            read(s, 0, 0.0, Map.of("q", new RecordWorkElsewhere.Load(0, 0.0)));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "t3").getStatus());
            assertEquals("alice", taskOf(s, "t3").getAssignee());
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
        }
    }

    /**
     * The service tells a project the agent's work elsewhere before the agent joins it: the reading waits, and is
     * counted as alice joins, before anything is served. A project without agents: t1..t3 are UNASSIGNABLE; the
     * reading says 1 task elsewhere; alice joins: the three get another look, and with 1 of 2 counted she takes
     * only t1; t2 and t3 wait.
     */
    @Test
    void aReadingBeforeTheAgentJoinsIsCountedAsItJoins() {
        try (ProjectSession s = RulesFixture.start(PROJECT.formatted("p", "{ \"agent_id\": \"bob\" }"))) {
            assertEquals(TaskStatus.UNASSIGNABLE, taskOf(s, "t1").getStatus());
            read(s, 1, 1.0, Map.of("q", new RecordWorkElsewhere.Load(1, 1.0)));
            assertEquals(1, s.outputs(io.conclave.engine.policy.Outputs.WORK_ELSEWHERE).size());
            s.beginCommand(COMMANDS.incrementAndGet());
            ProjectSpec.AgentSpec alice = Json.MAPPER.convertValue(Json.MAPPER.valueToTree(
                    Map.of("agent_id", "alice", "skill_levels", Map.of("x", 5.0), "max_open_tasks", 2)),
                    ProjectSpec.AgentSpec.class);
            assertNull(s.post(new io.conclave.model.members.MembershipRequest(io.conclave.model.members.MembershipRequest.REGISTER,
                    "alice", io.conclave.model.ProjectFacts.agentOf(alice, 1), null, "operator"), "register alice"));
            assertEquals("alice", taskOf(s, "t1").getAssignee());
            assertTrue(taskOf(s, "t2").isWaiting());
            assertTrue(taskOf(s, "t3").isWaiting());
            assertEquals(2, agentOf(s, "alice").getOpenTasks());
        }
    }

    /**
     * Each project replays from its own journal alone: project p journals what it read of alice's work in q, and
     * rebuilt from that journal (q has never existed here) it holds the same counts and the same ledger, byte for byte.
     */
    @Test
    void aProjectReplaysWhatItReadFromItsOwnJournal(@TempDir Path data) throws IOException {
        PolicyHost[] host = new PolicyHost[1];
        ProjectRegistry first = RulesFixture.registry(data, host);
        String before;
        try {
            first.create(io.conclave.app.ProjectSchemaCheck.spec((ObjectNode) Json.MAPPER.readTree(
                    PROJECT.formatted("p", ALICE))), "operator");
            ProjectRuntime p = first.get("p");
            p.command(new RecordWorkElsewhere("alice", 1, 2.0, Map.of("q", new RecordWorkElsewhere.Load(1, 2.0))),
                    "roster", s -> { });
            p.report(TaskEvent.Kind.COMPLETE, "t1", "alice", s -> { });
            p.command(new RecordWorkElsewhere("alice", 0, 0.0, Map.of("q", new RecordWorkElsewhere.Load(0, 0.0))),
                    "roster", s -> { });
            assertEquals("alice", p.read(s -> taskOf(s, "t3").getAssignee()));
            before = p.read(s -> Json.MAPPER.valueToTree(s.ledger()).toString());
            assertTrue(Files.readString(data.resolve("projects").resolve("p").resolve("journal.jsonl"))
                    .contains("\"work_elsewhere\""), "the reading is in p's journal");
        } finally {
            host[0].close();
            first.close();
        }
        ProjectRegistry second = RulesFixture.registry(data, host);
        try {
            ProjectRuntime p = second.get("p");
            assertEquals(before, p.read(s -> Json.MAPPER.valueToTree(s.ledger()).toString()));
            assertEquals(List.of(0, 0.0), p.read(s -> List.of(s.outputs(io.conclave.engine.policy.Outputs.WORK_ELSEWHERE).get(0).getOpenTasks(),
                    s.outputs(io.conclave.engine.policy.Outputs.WORK_ELSEWHERE).get(0).getOpenHours())));
            assertEquals(Integer.valueOf(2), p.read(s -> agentOf(s, "alice").getOpenTasks()));
        } finally {
            host[0].close();
            second.close();
        }
    }
}
