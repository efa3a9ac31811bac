package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event's data given lazily is built once, only when read, and the event reads, writes and compares like one
 * whose data was given at once: the stream, the inboxes and the cluster bridge cannot tell them apart.
 */
class ServiceEventTest {
    private static final Instant AT = Instant.parse("2024-01-15T09:00:00Z");

    private static ObjectNode body() {
        return JsonNodeFactory.instance.objectNode().put("kind", "ASSIGNED").put("score", 12.5);
    }

    @Test
    void lazyDataIsBuiltOnlyWhenReadAndOnlyOnce() {
        AtomicInteger built = new AtomicInteger();
        ServiceEvent e = ServiceEvent.lazyTask("TASK_ASSIGNED", AT, "p1", "t1", "a1", () -> {
            built.incrementAndGet();
            return body();
        });
        ServiceEvent numbered = e.numbered(7);
        assertEquals(true, numbered.hasData());
        assertEquals(false, ServiceEvent.task("PROJECT_CREATED", AT, "p1", null, null, null).hasData());
        assertEquals(0, built.get(), "nobody read the data: it was not built");
        assertEquals(7, numbered.id());
        JsonNode first = numbered.data();
        assertEquals(1, built.get());
        assertSame(first, numbered.data(), "read twice, built once");
        assertSame(first, e.data(), "the numbered copy shares the original's data");
        assertEquals(1, built.get());
    }

    @Test
    void aLazyEventWritesTheSameJsonAsAnEagerOne() throws Exception {
        ServiceEvent eager = ServiceEvent.task("TASK_ASSIGNED", AT, "p1", "t1", "a1", body()).numbered(3);
        ServiceEvent lazy = ServiceEvent.lazyTask("TASK_ASSIGNED", AT, "p1", "t1", "a1", ServiceEventTest::body)
                .numbered(3);
        // the shape the stream always had: snake_case names in this order, the time as text
        String expected = "{\"id\":3,\"type\":\"TASK_ASSIGNED\",\"at\":\"2024-01-15T09:00:00Z\",\"meeting_id\":null,"
                + "\"conversation_id\":null,\"project_id\":\"p1\",\"task_id\":\"t1\",\"agent_id\":\"a1\","
                + "\"data\":{\"kind\":\"ASSIGNED\",\"score\":12.5}}";
        assertEquals(Json.MAPPER.readTree(expected), Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(eager)));
        assertEquals(Json.MAPPER.writeValueAsString(eager), Json.MAPPER.writeValueAsString(lazy));
        assertEquals(eager, lazy);
        assertEquals(eager.hashCode(), lazy.hashCode());
        // and reads back (the cluster bridge reads events with the journal's mapper)
        ServiceEvent back = Json.JOURNAL.readValue(Json.JOURNAL.writeValueAsString(lazy), ServiceEvent.class);
        assertEquals(eager, back);
    }
}
