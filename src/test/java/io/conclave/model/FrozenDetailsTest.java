package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * A decision's details as the ledger keeps them: the same values and the same JSON as the map a rule explained with,
 * no longer changed when that map is, and not changeable themselves.
 */
class FrozenDetailsTest {

    /** What a dynamic turn's rule explains with: a field's passed-over map (a TreeMap it keeps adding to), matches. */
    private static Map<String, Object> explained(TreeMap<String, String> passedOver) {
        Map<String, List<String>> matches = new LinkedHashMap<>(); // the ranked order: best first, not by name
        matches.put("zoe", new ArrayList<>(List.of("x", "y")));
        matches.put("ann", new ArrayList<>(List.of("x")));
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("topics", new ArrayList<>(List.of("x", "y")));
        why.put("candidates", new ArrayList<>(List.of("zoe", "ann")));
        why.put("passed_over", passedOver);
        why.put("matches", matches);
        why.put("turn", 7L);
        return why;
    }

    @Test
    void theSameValuesAndTheSameJson() throws Exception {
        TreeMap<String, String> passed = new TreeMap<>(Map.of("bob", "sent the message"));
        Map<String, Object> why = explained(passed);
        Map<String, Object> frozen = FrozenDetails.of(why);
        assertEquals(why, frozen, "maps and lists equal whatever their kind");
        assertEquals(Json.MAPPER.writeValueAsString(why), Json.MAPPER.writeValueAsString(frozen));
        assertEquals(Json.JOURNAL.writeValueAsString(why), Json.JOURNAL.writeValueAsString(frozen));
        // every mapper sorts map entries by key, so the nested map's ranked order never reached the JSON
        assertTrue(Json.MAPPER.writeValueAsString(frozen).contains("\"matches\":{\"ann\":[\"x\"],\"zoe\":[\"x\",\"y\"]}"),
                Json.MAPPER.writeValueAsString(frozen));
        @SuppressWarnings("unchecked")
        Map<String, Object> matches = (Map<String, Object>) frozen.get("matches");
        assertEquals(List.of("x", "y"), matches.get("zoe"));
        assertTrue(matches.containsKey("ann"));
        assertFalse(matches.containsKey("bob"));
        assertNull(matches.get("bob"));
        assertNull(matches.get(42), "a key of another kind is simply not there");
        assertEquals(List.of("ann", "zoe"), new ArrayList<>(matches.keySet()), "nested entries in key order");
        assertEquals(List.of("candidates", "matches", "passed_over", "topics", "turn"), new ArrayList<>(frozen.keySet()),
                "the top level's entries in key order too");
        assertEquals(7L, frozen.get("turn"));
    }

    @Test
    void aMapTheRuleKeepsChangingNoLongerChangesTheDecision() {
        TreeMap<String, String> passed = new TreeMap<>(Map.of("bob", "sent the message"));
        Map<String, Object> frozen = FrozenDetails.of(explained(passed));
        passed.put("cy", "at its turn limit"); // the field passes over another agent after the decision was made
        assertEquals(Map.of("bob", "sent the message"), frozen.get("passed_over"));
    }

    @Test
    void nothingInItCanBeChanged() {
        Map<String, Object> frozen = FrozenDetails.of(explained(new TreeMap<>(Map.of("bob", "sent the message"))));
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("cy", "x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> passed = (Map<String, Object>) frozen.get("passed_over");
        assertThrows(UnsupportedOperationException.class, () -> passed.put("cy", "x"));
        assertThrows(UnsupportedOperationException.class, () -> passed.entrySet().iterator().next().setValue("x"));
        @SuppressWarnings("unchecked")
        List<Object> topics = (List<Object>) frozen.get("topics");
        assertThrows(UnsupportedOperationException.class, () -> topics.add("z"));
    }

    @Test
    void keysOfAnotherKindKeepTheirOrderAndListsKeepTheirNulls() {
        Map<Object, Object> byNumber = new LinkedHashMap<>();
        byNumber.put(3, "c");
        byNumber.put(1, "a");
        Map<String, Object> frozen = FrozenDetails.of(Map.of("by_number", byNumber, "gaps", Arrays.asList("a", null)));
        assertEquals(List.of(3, 1), new ArrayList<>(((Map<?, ?>) frozen.get("by_number")).keySet()));
        assertEquals(Arrays.asList("a", null), frozen.get("gaps"));
        assertEquals(Map.of(), FrozenDetails.of(null));
    }

    /**
     * The frozen map says it is sorted, so Jackson (whose mappers here sort map entries by key) writes it as it is
     * instead of copying it into a TreeMap at every answer; as a sorted map it answers as a TreeMap of the same entries
     * does, for keys inside, between and outside its own. A decision's details are a sorted map for the same reason.
     */
    @Test
    void aSortedMapThatAnswersAsATreeMapDoes() {
        TreeMap<String, Object> tree = new TreeMap<>();
        for (String k : List.of("delta", "alpha", "echo", "bravo", "charlie")) {
            tree.put(k, k.length());
        }
        Map<String, Object> frozen = FrozenDetails.of(tree);
        assertTrue(frozen instanceof java.util.SortedMap, frozen.getClass().getName());
        java.util.SortedMap<Object, Object> sorted = (java.util.SortedMap<Object, Object>) (Map<?, ?>) frozen;
        assertNull(sorted.comparator(), "the keys' natural order");
        assertEquals("alpha", sorted.firstKey());
        assertEquals("echo", sorted.lastKey());
        List<String> probes = List.of("", "a", "alpha", "b", "bravo", "charlie", "d", "delta", "echo", "f", "zulu");
        for (String from : probes) {
            assertEquals(tree.tailMap(from), sorted.tailMap(from), "tailMap(" + from + ")");
            assertEquals(new ArrayList<>(tree.tailMap(from).keySet()), new ArrayList<>(sorted.tailMap(from).keySet()));
            assertEquals(tree.headMap(from), sorted.headMap(from), "headMap(" + from + ")");
            for (String to : probes) {
                if (from.compareTo(to) <= 0) {
                    assertEquals(tree.subMap(from, to), sorted.subMap(from, to), "subMap(" + from + ", " + to + ")");
                } else {
                    assertThrows(IllegalArgumentException.class, () -> sorted.subMap(from, to));
                }
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> sorted.tailMap("b").put("cy", 1));
        java.util.SortedMap<Object, Object> none = (java.util.SortedMap<Object, Object>) (Map<?, ?>) sorted.headMap("a");
        assertTrue(none.isEmpty());
        assertThrows(java.util.NoSuchElementException.class, none::firstKey);
        assertThrows(java.util.NoSuchElementException.class, none::lastKey);
        assertTrue(Decision.note(DecisionKind.ASSIGNED, "t1", List.of(), "why").withDetails(Map.of("b", 1, "a", 2))
                .getDetails() instanceof java.util.SortedMap);
    }
}
