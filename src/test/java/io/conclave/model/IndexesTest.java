package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reads of the task and agent indexes that rules use instead of joining every task or agent
 * ({@code from tasks.all()}, {@code from agents.namedIn($ids)}, {@code from agents.all()}): they follow the session's
 * insertions and deletions, and a rule cannot change them.
 */
class IndexesTest {
    private static final ProjectFacts FACTS = facts("""
            {"project_id": "p", "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}},
                                           {"agent_id": "bob", "skill_levels": {"x": 5}},
                                           {"agent_id": "cy", "skill_levels": {"x": 5}}],
             "tasks": [{"task_id": "t1"}, {"task_id": "t2"}]}""");

    private static ProjectFacts facts(String json) {
        try {
            return ProjectFacts.of(Json.MAPPER.readValue(json, ProjectSpec.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Agent agent(String id) {
        return FACTS.agents().stream().filter(a -> a.getAgentId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void namedInGivesTheAgentsTheSessionHasInTheOrderOfTheIds() {
        AgentIndex index = new AgentIndex();
        FACTS.agents().forEach(index::add);
        // the order asked for, not the roster's; an id the session does not have, and a null one, give nothing
        assertEquals(List.of("cy", "ann"), ids(index.namedIn(Arrays.asList("cy", "nobody", null, "ann"))));
        assertEquals(List.of(), index.namedIn(List.of()));
        index.remove(agent("cy"));
        assertEquals(List.of("ann"), ids(index.namedIn(List.of("cy", "ann"))));
    }

    @Test
    void allFollowsTheSessionAndCannotBeChangedThroughIt() {
        AgentIndex agents = new AgentIndex();
        TaskIndex tasks = new TaskIndex();
        var everyAgent = agents.all();
        var everyTask = tasks.all();
        FACTS.agents().forEach(agents::add);
        FACTS.tasks().forEach(tasks::add);
        assertEquals(Set.of("ann", "bob", "cy"), everyAgent.stream().map(Agent::getAgentId).collect(Collectors.toSet()));
        assertEquals(Set.of("t1", "t2"), everyTask.stream().map(Task::getTaskId).collect(Collectors.toSet()));
        agents.remove(agent("bob"));
        tasks.remove(FACTS.tasks().get(0));
        assertEquals(Set.of("ann", "cy"), everyAgent.stream().map(Agent::getAgentId).collect(Collectors.toSet()));
        assertSame(FACTS.tasks().get(1), everyTask.iterator().next());
        assertEquals(1, everyTask.size());
        assertThrows(UnsupportedOperationException.class, () -> everyTask.remove(FACTS.tasks().get(1)));
        assertThrows(UnsupportedOperationException.class, everyAgent::clear);
    }

    private static List<String> ids(List<Agent> agents) {
        return agents.stream().map(Agent::getAgentId).toList();
    }
}
