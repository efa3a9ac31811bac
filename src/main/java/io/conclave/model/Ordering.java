package io.conclave.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Puts the policy's lists in the policy's order. The order itself is the policy's: a "goes before" test written
 * as a DRL function (resources.drl {@code rankedBefore}, goal_conflict_scoring.drl {@code outranks},
 * conversation_rounds.drl {@code stanceBefore}, time_slicing.drl {@code runsBefore}, memory_scores.drl
 * {@code ranksBelow}), handed in as a lambda; this class only does the sorting, so the DRL holds the test and not
 * the loop.
 */
public final class Ordering {
    private Ordering() {
    }

    /**
     * The items in the order of {@code before}, as a new list: each item, taken in the order given, moves ahead of
     * the placed items it goes before, starting from the back, and stops at the first it does not go before (an
     * insertion sort). It is stable: two items neither of which goes before the other keep the order given. For a
     * test that orders every pair (a strict order) the result is the one sorted order, whatever the order given.
     */
    public static <T> List<T> sorted(Collection<? extends T> items, BiPredicate<? super T, ? super T> before) {
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            int at = out.size();
            while (at > 0 && before.test(item, out.get(at - 1))) {
                at--;
            }
            out.add(at, item);
        }
        return out;
    }
}
