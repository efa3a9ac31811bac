package io.conclave.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;

/**
 * Another node's event as this node reads it off the events topic: its fields at once, its data when first read. It
 * must be the event Jackson reads whole from the same text (the way it was read before), whatever the event's kind.
 */
class EventBridgeTest {
    private static final Instant AT = Instant.parse("2026-11-27T00:31:26.123456789Z");

    @Test
    void everyKindOfEventReadsAsJacksonReadsItWhole() throws IOException {
        JsonNode decision = Json.MAPPER.createObjectNode().put("rule", "Assign served task").put("score", 12.5)
                .set("runners_up", Json.MAPPER.createArrayNode().add("a2").add("a3"));
        List<ServiceEvent> events = List.of(
                ServiceEvent.task("TASK_COMPLETED", AT, "p1", "t1", "alice", decision).numbered(41),
                ServiceEvent.lazyTask("ASSIGNED", AT, "p1", "t2", null, () -> decision),
                ServiceEvent.task("PROJECT_CREATED", AT, "p1", null, "operator", null),
                ServiceEvent.meeting("MEETING_CLOSED", AT, "m1", "p1", "sync", "chair",
                        JsonNodeFactory.instance.arrayNode().add(1).add("two")),
                ServiceEvent.conversation("TURN_GRANTED", AT, "c1", null, "bob", JsonNodeFactory.instance.textNode("x")),
                ServiceEvent.policy("POLICY_ACTIVATED", AT, Json.MAPPER.createObjectNode().put("version", "abc")));
        for (ServiceEvent e : events) {
            String text = Json.MAPPER.writeValueAsString(e); // as EventBridge.send writes it
            ServiceEvent whole = Json.JOURNAL.readValue(text, ServiceEvent.class);
            ServiceEvent read = EventBridge.read(text);
            assertEquals(whole, read, text);
            assertEquals(whole.hasData(), read.hasData(), text);
            assertEquals(text, Json.MAPPER.writeValueAsString(read), "written again, the same text");
        }
    }

    @Test
    void dataLeftOutIsNoDataAndDataGivenAsNullIsJacksonsNullNode() throws IOException {
        String without = "{\"id\":0,\"type\":\"X\",\"at\":\"2026-11-27T00:00:00Z\",\"unknown\":{\"a\":[1,2]},\"project_id\":\"p\"}";
        ServiceEvent none = EventBridge.read(without);
        assertFalse(none.hasData());
        assertNull(none.data());
        assertEquals(Json.JOURNAL.readValue(without, ServiceEvent.class), none);

        String nullData = "{\"id\":3,\"type\":\"X\",\"at\":\"2026-11-27T00:00:00Z\",\"data\":null}";
        ServiceEvent nulled = EventBridge.read(nullData);
        assertTrue(nulled.hasData());
        assertTrue(nulled.data().isNull());
        assertEquals(Json.JOURNAL.readValue(nullData, ServiceEvent.class), nulled);

        ServiceEvent deep = EventBridge.read("{\"type\":\"X\",\"data\":{\"deep\":{\"er\":[{\"k\":1}]}}}");
        assertTrue(deep.hasData());
        assertEquals(1, deep.data().at("/deep/er/0/k").asInt());
    }

    @Test
    void textThatIsNoEventIsRefused() {
        assertThrows(IOException.class, () -> EventBridge.read("[1,2]"));
        assertThrows(IOException.class, () -> EventBridge.read("{\"type\":"));
    }
}
