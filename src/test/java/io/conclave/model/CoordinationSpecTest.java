package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The coordination extensions of the project format: how they are read into facts, and
 * every check of the validator on them, each with its JSON path.
 */
class CoordinationSpecTest {

    private static ProjectSpec spec(String json) {
        try {
            return Json.MAPPER.readValue(json.replace('\'', '"'), ProjectSpec.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Problem> validate(String json) {
        return ProjectValidator.validate(spec(json));
    }

    private static final String AGENTS = "'agents': [ {'agent_id': 'boss'}, {'agent_id': 'lead', 'manager': 'boss'},"
            + " {'agent_id': 'dev', 'manager': 'lead', 'capabilities': ['rust', 'go'], 'priority': 5} ]";

    @Test
    void everyExtensionIsReadIntoTheFacts() {
        // The project defaults to contract_net; 'lb' overrides it. 'parent' lists an existing task by id
        // ('shared') and one inline without an id, which is named after its parent and position: parent.2.
        ProjectSpec s = spec("{'project_id': 'p', 'coordination': 'contract_net',"
                + " 'contract_net': {'bid_window_minutes': 5, 'max_announcements': 2}, 'time_slice_hours': 0.5, " + AGENTS + ","
                + " 'tasks': [ {'task_id': 'parent', 'subtasks': ['shared', {'estimated_hours': 3, 'resources': ['db']}],"
                + "   'on_subtask_failure': 'continue', 'retries': 2, 'manager': 'lead'},"
                + "  {'task_id': 'shared', 'required_capability': 'rust', 'complexity': 4},"
                + "  {'task_id': 'lb', 'coordination': 'load_balancing'} ]}");
        assertEquals(List.of(), ProjectValidator.validate(s));
        ProjectFacts f = ProjectFacts.of(s);

        assertEquals(Coordination.CONTRACT_NET, f.settings().getCoordination());
        assertEquals(300_000, f.settings().getBidWindowMillis()); // 5 minutes
        assertEquals(2, f.settings().getMaxAnnouncements());
        assertEquals(0.5, f.settings().getTimeSliceHours());

        // unfolded order: parent, then its inline subtask right after it, then the other tasks in file order
        assertEquals(List.of("parent", "parent.2", "shared", "lb"), f.tasks().stream().map(Task::getTaskId).toList());
        Task parent = f.tasks().get(0);
        Task inline = f.tasks().get(1);
        Task shared = f.tasks().get(2);
        Task lb = f.tasks().get(3);
        assertEquals(List.of("shared", "parent.2"), parent.getSubtaskIds());
        assertTrue(parent.isDecomposed() && parent.isContinueOnSubtaskFailure());
        assertEquals(2, parent.getRetries());
        assertEquals("lead", parent.getManager());
        assertTrue(parent.isReleased());
        // both subtasks wait for their parent, whether named by id or inline
        assertEquals("parent", inline.getParentId());
        assertEquals("parent", shared.getParentId());
        assertTrue(!inline.isReleased() && !shared.isReleased());
        assertEquals(List.of("db"), inline.getResources());
        assertEquals(3.0, inline.getComplexity()); // no complexity given: the estimate
        assertEquals(4.0, shared.getComplexity());
        assertEquals("rust", shared.getRequiredCapability());
        assertEquals(Coordination.CONTRACT_NET, shared.getCoordination()); // the project's default
        assertEquals(Coordination.LOAD_BALANCING, lb.getCoordination()); // its own

        // one Subtask edge per entry, in list order
        List<String> edges = f.edges().stream().filter(Subtask.class::isInstance).map(e -> ((Subtask) e).describe()).toList();
        assertEquals(List.of("subtask parent -> #1 shared", "subtask parent -> #2 parent.2"), edges);

        Agent dev = f.agents().get(2);
        assertEquals("lead", dev.getManager());
        assertEquals(List.of("go", "rust"), dev.getCapabilities()); // sorted
        assertEquals(5, dev.getPriority());
        assertTrue(dev.canDo("go") && !dev.canDo("java"));
        assertNull(f.agents().get(0).getManager());
        assertEquals(3, f.agents().get(0).getPriority()); // the default
    }

    @Test
    void withoutCoordinationEverythingIsCentralized() {
        ProjectFacts f = ProjectFacts.of(spec("{'project_id': 'p', 'tasks': [ {'task_id': 't'} ]}"));
        assertEquals(Coordination.CENTRALIZED, f.settings().getCoordination());
        assertEquals(Coordination.CENTRALIZED, f.tasks().get(0).getCoordination());
        assertEquals(3_600_000, f.settings().getBidWindowMillis()); // default 60 minutes
        assertEquals(3, f.settings().getMaxAnnouncements());
        assertTrue(!f.settings().isTimeSlicing());
    }

    @Test
    void aCycleInTheReportingLinesIsNamedAgentByAgent() {
        // a reports to b, b to c, c to a: reported once, at the first agent of the cycle in file order
        List<Problem> p = validate("{'project_id': 'p', 'agents': [ {'agent_id': 'a', 'manager': 'b'},"
                + " {'agent_id': 'b', 'manager': 'c'}, {'agent_id': 'c', 'manager': 'a'}, {'agent_id': 'd', 'manager': 'a'} ]}");
        assertEquals(List.of(new Problem("$.agents[0].manager", "reporting lines must form a tree; cycle: a -> b -> c -> a")), p);
    }

    @Test
    void aManagerMustBeAnotherAgentOfTheProject() {
        List<Problem> p = validate("{'project_id': 'p', 'agents': [ {'agent_id': 'a', 'manager': 'a'},"
                + " {'agent_id': 'b', 'manager': 'ghost', 'priority': 6, 'capabilities': ['']} ],"
                + " 'tasks': [ {'task_id': 't', 'manager': 'nobody'} ]}");
        assertEquals(List.of(
                new Problem("$.agents[1].priority", "must be between 1 and 5, was 6"),
                new Problem("$.agents[1].capabilities[0]", "must be a non-empty name"),
                new Problem("$.agents[0].manager", "an agent cannot be its own manager"),
                new Problem("$.agents[1].manager", "unknown agent id 'ghost'"),
                new Problem("$.tasks[0].manager", "unknown agent id 'nobody'")), p);
    }

    @Test
    void coordinationSettingsAreCheckedWithTheirPaths() {
        List<Problem> p = validate("{'project_id': 'p', 'coordination': 'anarchy',"
                + " 'contract_net': {'bid_window_minutes': 0, 'max_announcements': 0}, 'time_slice_hours': 0,"
                + " 'tasks': [ {'task_id': 't', 'coordination': 'lottery', 'complexity': -1, 'retries': 11,"
                + "   'on_subtask_failure': 'ignore', 'required_capability': ' ', 'resources': ['ok', '../etc']} ]}");
        String names = "use one of centralized, contract_net, hierarchical, load_balancing";
        assertEquals(List.of(
                new Problem("$.coordination", "unknown pattern 'anarchy': " + names),
                new Problem("$.contract_net.bid_window_minutes", "must be above 0 and at most 525600 (a year), was 0.0"),
                new Problem("$.contract_net.max_announcements", "must be between 1 and 100, was 0"),
                new Problem("$.time_slice_hours", "must be between 0.01 and 10000, was 0.0"),
                new Problem("$.tasks[0].coordination", "unknown pattern 'lottery': " + names),
                new Problem("$.tasks[0].complexity", "must be between 0 and 10000, was -1.0"),
                new Problem("$.tasks[0].retries", "must be between 0 and 10, was 11"),
                new Problem("$.tasks[0].on_subtask_failure", "must be \"fail\" or \"continue\", was 'ignore'"),
                new Problem("$.tasks[0].required_capability", "must be a non-empty name"),
                new Problem("$.tasks[0].resources[1]", "'../etc' is not a valid id: use 1-128 letters, digits, '_', '-' "
                        + "or '.', starting with a letter or digit, without '..'")), p);
    }

    @Test
    void inlineSubtasksAreCheckedWhereTheyAreWritten() {
        // the inline subtask's own problems carry its path inside the parent; its generated id p.1 is
        // a task id like any other, so a later task with the same id is a duplicate
        List<Problem> p = validate("{'project_id': 'p', 'tasks': [ {'task_id': 'p', 'subtasks': [ {'priority': 9}, 42 ]},"
                + " {'task_id': 'p.1'} ]}");
        assertEquals(List.of(
                new Problem("$.tasks[0].subtasks[1]", "must be a task id or a task object"),
                new Problem("$.tasks[0].subtasks[0].priority", "must be between 1 and 5, was 9"),
                new Problem("$.tasks[1].task_id", "duplicate task_id 'p.1'")), p);
    }

    @Test
    void aDecompositionNamesKnownTasksOnceAndNeverItself() {
        List<Problem> p = validate("{'project_id': 'p', 'tasks': [ {'task_id': 'a', 'subtasks': ['ghost', 'a', 'c']},"
                + " {'task_id': 'b', 'subtasks': ['c']}, {'task_id': 'c'} ]}");
        assertEquals(List.of(
                new Problem("$.tasks[0].subtasks[0]", "unknown task id 'ghost'"),
                new Problem("$.tasks[0].subtasks[1]", "a task cannot be its own subtask"),
                new Problem("$.tasks[1].subtasks[0]", "task 'c' is already a subtask of 'a'")), p);
    }

    @Test
    void aTaskCannotBeASubtaskOfItsOwnSubtask() {
        // x lists y, y lists x: following parents upwards from x comes back to x
        List<Problem> p = validate("{'project_id': 'p', 'tasks': [ {'task_id': 'x', 'subtasks': ['y']},"
                + " {'task_id': 'y', 'subtasks': ['x']} ]}");
        assertEquals(List.of(new Problem("$.tasks[0].subtasks", "decomposition cycle: x is a subtask of y is a subtask of x")), p);
    }
}
