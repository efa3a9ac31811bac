package io.conclave.model.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The ranking lines a resource conflict's ledger entry shows, one per request in the order given (plain JUnit). */
class ResourceRequestRankingTest {
    @Test
    void oneLinePerRequestInTheOrderGivenWithItsKeysSorted() {
        ResourceRequest first = new ResourceRequest("gpu", "ana", "t7", null, 3, 0L, 5, 2);
        ResourceRequest second = new ResourceRequest("gpu", "bo", null, 2.0, 1, 0L, 4, 0);
        List<Map<String, Object>> lines = ResourceRequest.rankingLines(List.of(first, second));
        assertEquals(2, lines.size());
        // Keys in text order: agent_id, agent_priority, request, task_id, task_priority.
        assertEquals(List.of("agent_id", "agent_priority", "request", "task_id", "task_priority"),
                new ArrayList<>(lines.get(0).keySet()));
        assertEquals("ana", lines.get(0).get("agent_id"));
        assertEquals(5, lines.get(0).get("agent_priority"));
        assertEquals(3, lines.get(0).get("request"));
        assertEquals("t7", lines.get(0).get("task_id"));
        assertEquals(2, lines.get(0).get("task_priority"));
        // A request without a task: task_id is there, null; its task priority is 0.
        assertEquals("bo", lines.get(1).get("agent_id"));
        assertNull(lines.get(1).get("task_id"));
        assertEquals(true, lines.get(1).containsKey("task_id"));
        assertEquals(0, lines.get(1).get("task_priority"));
        assertEquals(Integer.class, lines.get(1).get("request").getClass());
    }

    @Test
    void noRequestsNoLines() {
        assertEquals(List.of(), ResourceRequest.rankingLines(List.of()));
    }
}
