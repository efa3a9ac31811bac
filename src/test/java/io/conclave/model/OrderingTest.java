package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

/** The stable insertion sort the policy's rankings use, with a "goes before" test of its own (plain JUnit). */
class OrderingTest {
    /** Goes before: the larger number first; letters of one number are not ordered (a tie). */
    private static final BiPredicate<String, String> LARGER_FIRST = (x, y) -> x.charAt(1) > y.charAt(1);

    @Test
    void sortsByTheTestAndKeepsTiesInTheOrderGiven() {
        // Numbers 2, 3, 2, 1, 3: the 3s first (b before e, as given), then the 2s (a before c), then d.
        List<String> out = Ordering.sorted(List.of("a2", "b3", "c2", "d1", "e3"), LARGER_FIRST);
        assertEquals(List.of("b3", "e3", "a2", "c2", "d1"), out);
    }

    @Test
    void anEmptyOrSingleListComesBackAsANewList() {
        assertEquals(List.of(), Ordering.sorted(List.<String>of(), LARGER_FIRST));
        List<String> one = new ArrayList<>(List.of("a1"));
        List<String> out = Ordering.sorted(one, LARGER_FIRST);
        out.add("b2");
        assertEquals(List.of("a1"), one);
    }

    @Test
    void aStrictOrderGivesTheOneSortedOrderWhateverTheOrderGiven() {
        // Strict: by number, then by letter. Every one of the 6 orders of three items gives a1... sorted the same way.
        BiPredicate<String, String> strict = (x, y) -> x.charAt(1) != y.charAt(1) ? x.charAt(1) > y.charAt(1)
                : x.charAt(0) < y.charAt(0);
        List<List<String>> orders = List.of(List.of("a2", "b2", "c9"), List.of("a2", "c9", "b2"),
                List.of("b2", "a2", "c9"), List.of("b2", "c9", "a2"), List.of("c9", "a2", "b2"), List.of("c9", "b2", "a2"));
        for (List<String> given : orders) {
            // c9 has the larger number; a2 and b2 tie on it, a before b by letter.
            assertEquals(List.of("c9", "a2", "b2"), Ordering.sorted(given, strict), given.toString());
        }
    }

    @Test
    void agreesWithTheStableListSortOnAComparatorsStrictPart() {
        // The list sort rankStances used before: higher number first, equal numbers kept in order. The same test
        // as a "goes before" gives the same list.
        List<String> given = List.of("p1", "q3", "r1", "s2", "t3", "u2", "v1");
        List<String> bySort = new ArrayList<>(given);
        bySort.sort((x, y) -> Character.compare(y.charAt(1), x.charAt(1)));
        // By hand: 3s q, t; 2s s, u; 1s p, r, v.
        assertEquals(List.of("q3", "t3", "s2", "u2", "p1", "r1", "v1"), bySort);
        assertEquals(bySort, Ordering.sorted(given, LARGER_FIRST));
    }
}
