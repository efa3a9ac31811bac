package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The serving line: the ready tasks under the policy's key, in key order (plain JUnit). */
class ServingQueueByKeyTest {
    private static Task task(String id) {
        return new Task(id, id, null, 1, 3, false, List.of(), Map.of(), List.of(), List.of(), "dev", 0, true,
                Task.Traits.plain(1));
    }

    @Test
    void theTasksInKeyOrderWhateverTheOrderGiven() {
        Task a = task("a");
        Task b = task("b");
        Task c = task("c");
        // Keys: c -> "1", a -> "2", b -> "3": key order c, a, b.
        Map<String, String> keys = Map.of("a", "2", "b", "3", "c", "1");
        NavigableMap<String, Task> line = ServingQueue.byKey(Set.of(a, b, c), t -> keys.get(t.getTaskId()));
        assertEquals(List.of("1", "2", "3"), new ArrayList<>(line.keySet()));
        assertEquals(List.of(c, a, b), new ArrayList<>(line.values()));
        // The queue serves them in that order.
        ServingQueue q = new ServingQueue(line, null, List.of());
        assertEquals(c, q.getHead());
    }
}
