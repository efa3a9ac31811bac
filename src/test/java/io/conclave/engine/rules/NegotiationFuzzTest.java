package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.CommandException;
import io.conclave.engine.scheduling.Negotiator;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;

/**
 * A little fuzzing of the negotiation input, from a fixed seed: valid bodies with one to three values
 * replaced by odd ones (or removed). Every outcome must be a result or a refusal of the input with JSON
 * paths; nothing else may escape (the REST layer would answer 500).
 */
public class NegotiationFuzzTest {
    private static final String BODY = """
            {"meeting": {"name": "Fuzz", "date": "2024-07-21", "latest_date": "2024-07-22", "duration": 1.5,
                         "minimum_participants": 2, "priority": 3,
                         "window": {"start_time": 8, "end_time": "18:00"}, "recurrence": {"every": "week", "count": 2}},
             "participants": [
               {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 9, "end_time": 12},
                                                     {"date": "2024-07-28", "start_time": "09:00", "end_time": 17}],
                "preferences": [{"date": "2024-07-21", "start_time": 9, "end_time": 11, "score": 4}],
                "commitments": [{"meeting": "Standup", "date": "2024-07-21", "start_time": 9, "end_time": 9.5, "priority": 1}]},
               {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": 10, "end_time": 13},
                                                   {"date": "2024-07-28", "start_time": 8, "end_time": 18}],
                "commitments": [{"meeting": "Standup", "date": "2024-07-21", "start_time": 9, "end_time": 9.5}]}],
             "booked_meetings": [{"name": "Standup", "date": "2024-07-21", "duration": 0.5, "minimum_participants": 2}],
             "grain_minutes": 15}
            """;
    private static final String[] ODD = {"null", "\"\"", "\"x\"", "-1", "0", "1e308", "1e400", "25", "\"25:00\"",
        "\"24:00\"", "[]", "{}", "true", "1.5", "\"2024-02-30\"", "\"2024-07-21\"", "60", "1000000000", "\"9:7x\"",
        "\"week\"", "\"month\"", "52", "53", "\"Standup\"", "2147483648", "-0.0", "7", "\"NaN\""};

    @Test
    void oddInputIsRefusedWithPathsOrNegotiatedNeverAnythingElse() throws Exception {
        SplittableRandom random = new SplittableRandom(2024);
        Negotiator negotiator = new Negotiator(100_000);
        int refused = 0;
        int negotiated = 0;
        for (int i = 0; i < 400; i++) {
            JsonNode body = Json.MAPPER.readTree(BODY);
            List<Consumer<JsonNode>> edits = new ArrayList<>();
            collect(body, edits, random);
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                edits.get(random.nextInt(edits.size())).accept(Json.MAPPER.readTree(ODD[random.nextInt(ODD.length)]));
            }
            String text = body.toString();
            try {
                NegotiationRequest r = Negotiations.read(body);
                NegotiationResult result = negotiator.negotiate(RulesFixture.policy(), r);
                assertTrue(result.rounds() >= 1, text);
                negotiated++;
            } catch (CommandException e) {
                assertEquals(CommandException.Kind.INVALID, e.kind(), text + ": " + e.getMessage());
                assertTrue(!e.problems().isEmpty() && e.problems().stream().allMatch(p -> p.path().startsWith("$")), text);
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("escaped for " + text, e);
            }
        }
        assertEquals(400, refused + negotiated);
        // most edits break the request; enough of them leave it valid to reach the rules (19 with this seed)
        assertTrue(negotiated >= 10 && refused >= 200, negotiated + " negotiated, " + refused + " refused");
    }

    /** One edit per value of the tree: replace it with the value given, or (one time in five) remove it. */
    private static void collect(JsonNode node, List<Consumer<JsonNode>> edits, SplittableRandom random) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                boolean remove = random.nextInt(5) == 0;
                edits.add(v -> {
                    if (remove) {
                        o.remove(name);
                    } else {
                        o.set(name, v);
                    }
                });
                collect(o.get(name), edits, random);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int at = i;
                edits.add(v -> {
                    if (at < a.size()) {
                        a.set(at, v);
                    }
                });
                collect(a.get(i), edits, random);
            }
        }
    }
}
