package io.conclave.engine.rules;

import static io.conclave.engine.rules.Projects.complete;
import static io.conclave.engine.rules.Projects.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.conclave.engine.RulesFixture;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Refusal;
import io.conclave.model.TaskStatus;
import io.conclave.model.resource.ResourceCommand;
import io.conclave.model.resource.ResourceRequest;
import io.conclave.model.resource.SharedResource;

/**
 * Tier 1, rules/coordination/resource_requests.drl, resources.drl, resource_windows.drl and resource_tasks.drl:
 * shared resources real agents ask for. Agents and priorities: ann 2, bob 5, cid 5, dan 3; each holds one task of
 * its own skill at start (ta priority 1, tb 2, tc 4, td 5), and "late" needs the resource gpu (priority 3, skill a).
 * The project clock starts at 0; an hour is 3,600,000 ms.
 */
public class SharedResourceRulesTest {
    private static final long HOUR = 3_600_000;
    private static final AtomicLong COMMANDS = new AtomicLong(5000);
    private static final String PROJECT = """
            { "project_id": "res", "title": "shared resources", "time_slice_hours": %s,
              "agents": [ { "agent_id": "ann", "priority": 2, "skill_levels": { "a": 5 } },
                          { "agent_id": "bob", "priority": 5, "skill_levels": { "b": 5 } },
                          { "agent_id": "cid", "priority": 5, "skill_levels": { "c": 5 } },
                          { "agent_id": "dan", "priority": 3, "skill_levels": { "d": 5 } } ],
              "tasks": [ { "task_id": "ta", "priority": 1, "required_skills": { "a": 1 } },
                         { "task_id": "tb", "priority": 2, "required_skills": { "b": 1 } },
                         { "task_id": "tc", "priority": 4, "required_skills": { "c": 1 } },
                         { "task_id": "td", "priority": 5, "required_skills": { "d": 1 } } ] }""";

    private static ProjectSession start() {
        return RulesFixture.start(PROJECT.formatted("1"));
    }

    private static Refusal post(ProjectSession s, long at, ResourceCommand c) {
        s.beginCommand(COMMANDS.incrementAndGet());
        s.setTime(at);
        return s.post(c, c.toString());
    }

    private static Refusal ask(ProjectSession s, long at, String agent, String task, Double hours) {
        return post(s, at, ResourceCommand.request("gpu", agent, task, hours));
    }

    private static Refusal release(ProjectSession s, long at, String agent) {
        return post(s, at, ResourceCommand.release("gpu", agent));
    }

    private static void tick(ProjectSession s, long at) {
        s.beginCommand(COMMANDS.incrementAndGet());
        s.setTime(at);
    }

    private static List<Decision> all(ProjectSession s, DecisionKind kind) {
        return s.ledger().stream().filter(d -> d.getKind() == kind).toList();
    }

    private static Decision last(ProjectSession s, DecisionKind kind) {
        List<Decision> l = all(s, kind);
        assertTrue(!l.isEmpty(), "no " + kind);
        return l.get(l.size() - 1);
    }

    private static SharedResource gpu(ProjectSession s) {
        return s.outputs(io.conclave.engine.policy.Outputs.SHARED_RESOURCES).stream().filter(r -> r.getResource().equals("gpu")).findFirst().orElseThrow();
    }

    @Test
    void whenTheHolderLetsGoTheWaitingRequestsAreRankedByAgentPriorityThenTaskPriority() {
        try (ProjectSession s = start()) {
            assertEquals("ann", taskOf(s, "ta").getAssignee());
            // ann asks for the free gpu: hers at once, the only request
            assertNull(ask(s, 0, "ann", "ta", null));
            Decision granted = last(s, DecisionKind.RESOURCE_GRANTED);
            assertEquals(List.of("ann"), granted.getAgentIds());
            assertEquals("Give a free resource to the first-ranked request to use it alone", granted.getRule());
            assertEquals("ann holds gpu alone for ta: the only request", granted.getReason());
            // dan (priority 3, td 5), bob (5, tb 2), cid (5, tc 4) ask while ann holds it: each waits, on record
            assertNull(ask(s, HOUR, "dan", "td", null));
            assertNull(ask(s, HOUR, "bob", "tb", null));
            assertNull(ask(s, HOUR, "cid", "tc", null));
            List<Decision> waits = all(s, DecisionKind.CONFLICT_DETECTED);
            assertEquals(3, waits.size());
            assertEquals("gpu is held by agent ann: bob waits (request #3, agent priority 5)", waits.get(1).getReason());
            assertEquals("resource.gpu.2", waits.get(1).getDetails().get("conflict_id"));
            // ann lets go: ranked by agent priority, bob and cid (5) before dan (3) although td has priority 5;
            // bob and cid tie at 5, so the task decides: tc (4) before tb (2). cid gets it; bob, then dan, wait.
            assertNull(release(s, 2 * HOUR, "ann"));
            assertEquals("ann let go of gpu", last(s, DecisionKind.RESOURCE_RELEASED).getReason());
            Decision second = last(s, DecisionKind.RESOURCE_GRANTED);
            assertEquals(List.of("cid"), second.getAgentIds());
            assertEquals(List.of("cid", "bob", "dan"), second.getDetails().get("ranking"));
            assertEquals("cid holds gpu alone for tc: first of 3 ranked by agent priority, then task priority, then "
                    + "request order: equal agent priority 5; task tc has priority 4, task tb 2", second.getReason());
            Decision denied = last(s, DecisionKind.RESOURCE_DENIED);
            assertEquals(List.of("bob", "dan"), denied.getAgentIds());
            assertEquals(List.of(
                    Map.of("agent_id", "bob", "position", 1, "why", "equal agent priority 5; task tc has priority 4, task tb 2"),
                    Map.of("agent_id", "dan", "position", 2, "why", "cid has priority 5, dan 3")), denied.getDetails().get("denied"));
            Decision resolved = last(s, DecisionKind.CONFLICT_RESOLVED);
            assertEquals("resource.gpu.2", resolved.getDetails().get("conflict_id"));
            assertEquals("cid", resolved.getDetails().get("winner"));
            assertEquals("cid", gpu(s).getHolder());
            // cid lets go: bob (5) before dan (3)
            assertNull(release(s, 3 * HOUR, "cid"));
            assertEquals(List.of("bob"), last(s, DecisionKind.RESOURCE_GRANTED).getAgentIds());
            assertEquals("bob holds gpu alone for tb: first of 2 ranked by agent priority, then task priority, then "
                    + "request order: bob has priority 5, dan 3", last(s, DecisionKind.RESOURCE_GRANTED).getReason());
        }
    }

    @Test
    void refusalsComeBeforeAnythingIsTakenIn() {
        try (ProjectSession s = start()) {
            assertEquals("unknown_agent", ask(s, 0, "zed", null, null).getCode());
            assertEquals("unknown_task", ask(s, 0, "ann", "nothing", null).getCode());
            assertEquals("not_holder", ask(s, 0, "ann", "tb", null).getCode());   // tb is bob's
            assertNull(ask(s, 0, "ann", "ta", null));
            assertEquals("already_requested", ask(s, 0, "ann", null, null).getCode());
            assertEquals("resource_in_use_alone", ask(s, 0, "bob", "tb", 2.0).getCode());
            assertEquals("nothing_to_release", release(s, 0, "bob").getCode());
            assertTrue(s.outputs(io.conclave.engine.policy.Outputs.RESOURCE_REQUESTS).size() == 1);
        }
    }

    @Test
    void aWaitingAgentWithdrawsItsRequest() {
        try (ProjectSession s = start()) {
            assertNull(ask(s, 0, "ann", "ta", null));
            assertNull(ask(s, 0, "bob", "tb", null));
            assertNull(release(s, HOUR, "bob"));
            assertEquals("bob withdrew its request for gpu (request #2)", last(s, DecisionKind.RESOURCE_RELEASED).getReason());
            assertNull(release(s, HOUR, "ann"));
            assertEquals(1, all(s, DecisionKind.RESOURCE_GRANTED).size(), "nobody left to give it to");
        }
    }

    /**
     * The chapter's time slicing for real agents, 1 h slices. ann asks 2 h at 0: round 1 is hers alone, [0, 1 h).
     * bob asks 1.5 h and cid 2 h during it: they wait for round 2, due at 1 h. At 1 h the clock gives round 2, a
     * window each in ranked order: cid (5, tc 4), bob (5, tb 2), ann (2): cid [1, 2), bob [2, 3), ann [3, 4) (her
     * last hour). Round 3 is due at 4 h: cid's last hour [4, 5), bob's last half hour [5, 5.5).
     */
    @Test
    void windowsAreGivenInRoundsInRankedOrder() {
        try (ProjectSession s = start()) {
            assertNull(ask(s, 0, "ann", "ta", 2.0));
            Decision w1 = last(s, DecisionKind.WINDOW_GRANTED);
            assertEquals(List.of("ann"), w1.getAgentIds());
            assertEquals("window 1 of 1 in round 1 on gpu for ann: 1.0 h from 1970-01-01T00:00:00Z to "
                    + "1970-01-01T01:00:00Z, 1.0 h left to give", w1.getReason());
            assertEquals("Start a round of windows on a shared resource when none is under way", w1.getRule());
            assertEquals(HOUR, (long) gpu(s).getNextRoundAt());
            assertNull(ask(s, HOUR / 6, "bob", "tb", 1.5));
            assertNull(ask(s, HOUR / 6, "cid", "tc", 2.0));
            assertEquals(List.of("gpu is shared in round 1 until 1970-01-01T01:00:00Z: bob waits for round 2",
                    "gpu is shared in round 1 until 1970-01-01T01:00:00Z: cid waits for round 2"),
                    all(s, DecisionKind.CONFLICT_DETECTED).stream().map(Decision::getReason).toList());
            tick(s, HOUR);
            List<Decision> round2 = all(s, DecisionKind.WINDOW_GRANTED).subList(1, 4);
            assertEquals(List.of("cid", "bob", "ann"), round2.stream().map(d -> d.getAgentIds().get(0)).toList());
            assertEquals(List.of("1970-01-01T01:00:00Z", "1970-01-01T02:00:00Z", "1970-01-01T03:00:00Z"),
                    round2.stream().map(d -> d.getDetails().get("window_start")).toList());
            assertEquals(List.of(1.0, 0.5, 0.0), round2.stream().map(d -> d.getDetails().get("hours_left")).toList());
            Decision shared = last(s, DecisionKind.CONFLICT_RESOLVED);
            assertEquals("windows.gpu.2", shared.getDetails().get("conflict_id"));
            assertEquals(List.of("cid", "bob", "ann"), shared.getDetails().get("parties"));
            assertEquals(4 * HOUR, (long) gpu(s).getNextRoundAt());
            tick(s, 4 * HOUR);
            List<Decision> round3 = all(s, DecisionKind.WINDOW_GRANTED).subList(4, 6);
            assertEquals(List.of("cid", "bob"), round3.stream().map(d -> d.getAgentIds().get(0)).toList());
            assertEquals(List.of(1.0, 0.5), round3.stream().map(d -> d.getDetails().get("window_hours")).toList());
            assertEquals("1970-01-01T05:30:00Z", round3.get(1).getDetails().get("window_end"));
            assertNull(gpu(s).getNextRoundAt(), "every hour asked for is given");
            assertEquals(List.of("bob", "cid"), s.outputs(io.conclave.engine.policy.Outputs.RESOURCE_REQUESTS).stream().map(ResourceRequest::getAgentId)
                    .sorted().toList(), "ann's request ended with her last window");
        }
    }

    /** When every agent of a round lets go of its window, the next round starts then, not at the round's end. */
    @Test
    void aRoundWhoseWindowsAreAllLetGoOfEndsEarly() {
        try (ProjectSession s = start()) {
            assertNull(ask(s, 0, "ann", "ta", 2.0));
            assertNull(ask(s, HOUR / 6, "bob", "tb", 1.0));
            assertEquals("no_open_window", release(s, HOUR / 6, "bob").getCode());
            assertNull(release(s, HOUR / 2, "ann"));            // round 1 had ann alone: it ends at 0.5 h
            List<Decision> windows = all(s, DecisionKind.WINDOW_GRANTED);
            assertEquals(3, windows.size());
            assertEquals(List.of("bob", "ann"), windows.subList(1, 3).stream().map(d -> d.getAgentIds().get(0)).toList());
            assertEquals("1970-01-01T00:30:00Z", windows.get(1).getDetails().get("window_start"));
        }
    }

    /** A task that lists gpu waits while an agent holds it alone, and is served when the agent lets go. */
    @Test
    void aTaskNeedingAResourceAnAgentHoldsWaitsForIt() {
        String json = PROJECT.formatted("1").replace("""
                { "task_id": "td", "priority": 5, "required_skills": { "d": 1 } } ]""", """
                { "task_id": "td", "priority": 5, "required_skills": { "d": 1 } },
                         { "task_id": "late", "priority": 3, "required_skills": { "a": 1 }, "resources": ["gpu"],
                           "dependencies": ["ta"] } ]""");
        try (ProjectSession s = RulesFixture.start(json)) {
            assertNull(ask(s, 0, "bob", "tb", null));
            assertTrue(complete(s, "ta", "ann"));               // late becomes READY and needs gpu, held by bob
            assertEquals(TaskStatus.READY, taskOf(s, "late").getStatus());
            assertEquals("waiting for resource gpu held by agent bob", taskOf(s, "late").getStatusReason());
            assertNull(release(s, HOUR, "bob"));
            assertEquals(TaskStatus.ASSIGNED, taskOf(s, "late").getStatus());
            assertEquals("ann", taskOf(s, "late").getAssignee());
            // the task holds gpu now: an agent's request for it waits
            assertNull(ask(s, HOUR, "cid", "tc", null));
            assertEquals("gpu is held by task late: cid waits (request #2, agent priority 5)",
                    last(s, DecisionKind.CONFLICT_DETECTED).getReason());
        }
    }
}
