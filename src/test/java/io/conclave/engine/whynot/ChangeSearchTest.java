package io.conclave.engine.whynot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.Lever;
import io.conclave.model.whynot.Trial;

/**
 * The search alone, over levers whose "replay" is a formula: the order of changes (fewer edits, then kinds, then
 * magnitude), what is never tried (a part of a top that failed, exclusive levers together, levers of two families),
 * the answer when nothing works, and the bounds.
 */
class ChangeSearchTest {
    private static final long FOREVER = Long.MAX_VALUE;

    /** A lever of steps 1..n (magnitude = value), of {@code kind} with {@code rank}. */
    private static Lever lever(String key, int rank, int n, String family, String group) {
        List<Lever.Step> steps = new ArrayList<>();
        for (int v = 1; v <= n; v++) {
            steps.add(new Lever.Step(v, v));
        }
        return new Lever(key, "skill", rank, family, group, "x", key, null, steps);
    }

    private static Lever lever(String key, int rank, int n) {
        return lever(key, rank, n, "f", null);
    }

    /** The replay: given when {@code works} holds of the levers' values (0: not moved); each call is counted. */
    private static final class Replay implements java.util.function.Function<List<Edit>, Trial> {
        final Predicate<Map<String, Integer>> works;
        final List<Map<String, Integer>> calls = new ArrayList<>();

        Replay(Predicate<Map<String, Integer>> works) {
            this.works = works;
        }

        @Override
        public Trial apply(List<Edit> edits) {
            Map<String, Integer> values = new HashMap<>();
            edits.forEach(e -> values.put(e.lever().key(), (Integer) e.to()));
            calls.add(values);
            boolean given = works.test(values);
            return new Trial(given, given ? "R-changed" : "R-as-is", null, List.of(), null, null);
        }
    }

    private static int v(Map<String, Integer> values, String key) {
        return values.getOrDefault(key, 0);
    }

    private static List<String> words(List<Edit> change) {
        return change.stream().map(e -> e.lever().key() + "=" + e.to()).toList();
    }

    @Test
    void oneEditOfAnyKindOrSizeBeatsTwoSmallOnes() {
        // a alone from 8, or b and c together from 1 each
        Replay r = new Replay(x -> v(x, "a") >= 8 || (v(x, "b") >= 1 && v(x, "c") >= 1));
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("b", 1, 10), lever("c", 1, 10), lever("a", 3, 10)), r,
                FOREVER, 500);
        assertEquals(List.of("a=8"), words(res.change()));
        assertTrue(res.smallest());
        assertEquals("R-changed", res.then().rule());
        assertNull(res.stopped());
    }

    @Test
    void amongOneEditsALowerKindBeatsALowerMagnitude() {
        // a (rank 3) from 2, b (rank 1) only from 9
        Replay r = new Replay(x -> v(x, "a") >= 2 || v(x, "b") >= 9);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 3, 10), lever("b", 1, 10)), r, FOREVER, 500);
        assertEquals(List.of("b=9"), words(res.change()));
    }

    @Test
    void amongPairsOfOneKindTheLeastMagnitudeWins() {
        // 7a + 6b > 105.3 with a >= 7, b >= 6 (the compressed example's security): least a + b is a = 10, b = 6
        Replay r = new Replay(x -> v(x, "a") >= 7 && v(x, "b") >= 6 && 7 * v(x, "a") + 6 * v(x, "b") > 105.3);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 4, 10), lever("b", 4, 10)), r, FOREVER, 500);
        assertEquals(List.of("a=10", "b=6"), words(res.change()));
        assertEquals(16, ChangeSearch.magnitude(res.change()));
        // bisection: never every value of b for every value of a
        assertTrue(r.calls.size() < 40, r.calls.size() + " replays");
    }

    @Test
    void whenEvenTheTopFailsTheAnswerIsTheRuleOfThatReplay() {
        Replay r = new Replay(x -> false);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 1, 10), lever("b", 2, 10)), r, FOREVER, 500);
        assertNull(res.change());
        assertNotNull(res.excluded());
        assertEquals("R-as-is", res.excluded().trial().rule());
        assertEquals(List.of("a=10", "b=10"), words(res.excluded().change()));
        assertEquals(1, r.calls.size());
    }

    @Test
    void aPartOfATopThatFailedIsNeverTried() {
        // exclusive s and h (one group): only h works; s is tried only within its top
        Replay r = new Replay(x -> v(x, "h") >= 1);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("s", 1, 1, "f", "next"), lever("h", 2, 1, "f", "next"),
                lever("p", 5, 3)), r, FOREVER, 500);
        assertEquals(List.of("h=1"), words(res.change()));
        assertEquals(List.of(Map.of("s", 1, "p", 3), Map.of("h", 1, "p", 3), Map.of("h", 1)), r.calls);
        assertTrue(r.calls.stream().noneMatch(c -> c.containsKey("s") && c.containsKey("h")));
    }

    @Test
    void leversOfTwoFamiliesAreNeverMovedTogether() {
        // it would take a and d together: no change of one family does it
        Replay r = new Replay(x -> v(x, "a") >= 1 && v(x, "d") >= 1);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 1, 3, "agent", null),
                lever("d", 5, 1, "dependency", null)), r, FOREVER, 500);
        assertNull(res.change());
        assertNotNull(res.excluded());
        assertEquals(2, r.calls.size()); // one top per family
    }

    @Test
    void theReplayBoundStopsTheSearchAndSaysSo() {
        Replay r = new Replay(x -> v(x, "a") >= 7 && v(x, "b") >= 6 && 7 * v(x, "a") + 6 * v(x, "b") > 105.3);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 4, 10), lever("b", 4, 10)), r, FOREVER, 5);
        assertEquals(5, r.calls.size());
        assertEquals("the limit of 5 replays was reached", res.stopped());
        assertNull(res.change()); // nothing that works was found within five replays (the top worked, a smaller not yet)
        assertFalse(res.smallest());
    }

    @Test
    void theTimeBoundStopsTheSearchBeforeAnyReplay() {
        Replay r = new Replay(x -> true);
        ChangeSearch.Result res = ChangeSearch.run(List.of(lever("a", 1, 10)), r, System.nanoTime() - 1, 500);
        assertEquals(0, r.calls.size());
        assertEquals("the time limit was reached after 0 replays", res.stopped());
    }
}
