package io.conclave.engine.whynot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.Lever;
import io.conclave.model.whynot.Trial;
import io.conclave.model.whynot.WhyNot.Tried;

/**
 * The search for the smallest change that would have made a decision go another way, over the levers a kind of
 * owner offers (an agent's skill, a vote...). Every candidate is tried by {@code replay} (the decision replayed in a
 * scratch copy with the change), never judged from the formulas: an answer is a change that was seen to work.
 * <p>
 * "Smallest" is the order {@link #ORDER}: fewer edits first; then the kinds of the edits, each kind's rank (its
 * lever's), compared as the sorted list of ranks; then the total magnitude (steps moved, summed); then the words.
 * <p>
 * The search assumes a lever helps more the further it is moved (a higher skill never hurts): it tries the most
 * each set of levers can do first (its top), moves on when that fails, and looks for the least magnitude by
 * bisection. When every family's top fails, nothing the levers can do changes the decision: the rule that decided
 * in that replay excludes it whatever these facts. Bounded by a number of replays and a wall-clock deadline; when
 * a bound stops it, what was found so far is answered, marked not proven smallest.
 */
public final class ChangeSearch {
    /** Fewer edits, then lower kind ranks, then less magnitude, then the words. */
    public static final Comparator<List<Edit>> ORDER = Comparator.<List<Edit>>comparingInt(List::size)
            .thenComparing(ChangeSearch::ranks, ChangeSearch::compareRanks)
            .thenComparingDouble(ChangeSearch::magnitude)
            .thenComparing(ChangeSearch::words);

    private final List<Lever> levers;
    private final Function<List<Edit>, Trial> replay;
    private final long deadlineNanos;
    private final int maxTrials;
    private final Map<String, Trial> seen = new HashMap<>();
    private final List<Tried> tried = new ArrayList<>();

    /**
     * What the search found. {@code change}: the smallest change that worked (null when none did); {@code smallest}:
     * false when a bound stopped the search before every smaller candidate was tried; {@code excluded}: when every
     * top failed, the replay of the first top (its rule excludes the wanted outcome whatever the levers); {@code
     * stopped}: why the search ended early (null when it did not).
     */
    public record Result(List<Edit> change, Trial then, boolean smallest, Tried excluded, List<Tried> tried,
                         String stopped) {
    }

    private ChangeSearch(List<Lever> levers, Function<List<Edit>, Trial> replay, long deadlineNanos, int maxTrials) {
        this.levers = List.copyOf(levers);
        this.replay = replay;
        this.deadlineNanos = deadlineNanos;
        this.maxTrials = maxTrials;
    }

    /** Searches {@code levers} with {@code replay}, within {@code maxTrials} replays and until {@code deadlineNanos}. */
    public static Result run(List<Lever> levers, Function<List<Edit>, Trial> replay, long deadlineNanos, int maxTrials) {
        return new ChangeSearch(levers, replay, deadlineNanos, maxTrials).search();
    }

    /** Thrown inside the search when a bound is reached. */
    private static final class OutOfBounds extends RuntimeException {
        OutOfBounds(String why) {
            super(why, null, false, false);
        }
    }

    private Result search() {
        List<List<Lever>> tops = tops();
        List<List<Lever>> working = new ArrayList<>();
        Tried firstFailed = null;
        List<Edit> best = null;
        Trial bestTrial = null;
        try {
            for (List<Lever> top : tops) {
                Trial t = test(atMost(top));
                if (t.given()) {
                    working.add(top);
                } else if (firstFailed == null) {
                    firstFailed = new Tried(atMost(top), t);
                }
            }
            if (working.isEmpty()) {
                return new Result(null, null, true, firstFailed, List.copyOf(tried), null);
            }
            int largest = working.stream().mapToInt(List::size).max().orElse(0);
            for (int size = 1; size <= largest && best == null; size++) {
                List<List<Lever>> subsets = subsets(working, size);
                for (List<Lever> subset : subsets) {
                    if (best != null && compareRanks(ranksOf(subset), ranks(best)) > 0) {
                        break; // sorted by kinds: every later subset is a larger change
                    }
                    if (!test(atMost(subset)).given()) {
                        continue;
                    }
                    List<Edit> least = least(subset, best);
                    if (least != null && (best == null || ORDER.compare(least, best) < 0)) {
                        best = least;
                        bestTrial = seen.get(key(least));
                    }
                }
            }
            return new Result(best, bestTrial, true, null, List.copyOf(tried), null);
        } catch (OutOfBounds e) {
            return new Result(best, bestTrial, false, null, List.copyOf(tried), e.getMessage());
        }
    }

    /**
     * The largest consistent sets of levers: one per family, with one lever of each exclusive group (a set for each
     * choice), every other lever of the family in it.
     */
    private List<List<Lever>> tops() {
        Map<String, List<Lever>> byFamily = new LinkedHashMap<>();
        levers.forEach(l -> byFamily.computeIfAbsent(l.family(), k -> new ArrayList<>()).add(l));
        List<List<Lever>> out = new ArrayList<>();
        for (List<Lever> family : byFamily.values()) {
            List<List<Lever>> partial = new ArrayList<>();
            partial.add(new ArrayList<>());
            Map<String, List<Lever>> groups = new LinkedHashMap<>();
            for (Lever l : family) {
                groups.computeIfAbsent(l.group() == null ? "#" + l.key() : l.group(), k -> new ArrayList<>()).add(l);
            }
            for (List<Lever> group : groups.values()) {
                List<List<Lever>> next = new ArrayList<>();
                for (List<Lever> p : partial) {
                    for (Lever choice : group) {
                        List<Lever> q = new ArrayList<>(p);
                        q.add(choice);
                        next.add(q);
                    }
                }
                partial = next;
            }
            out.addAll(partial);
        }
        return out;
    }

    /** Every set of {@code size} levers that is part of a top that worked, in the order of their kinds, once each. */
    private List<List<Lever>> subsets(List<List<Lever>> tops, int size) {
        Map<String, List<Lever>> found = new LinkedHashMap<>();
        for (List<Lever> top : tops) {
            choose(top, 0, size, new ArrayList<>(), found);
        }
        List<List<Lever>> out = new ArrayList<>(found.values());
        out.sort(Comparator.<List<Lever>, List<Integer>>comparing(ChangeSearch::ranksOf, ChangeSearch::compareRanks)
                .thenComparing(s -> s.stream().map(Lever::key).toList().toString()));
        return out;
    }

    private static void choose(List<Lever> from, int at, int left, List<Lever> chosen, Map<String, List<Lever>> into) {
        if (left == 0) {
            List<Lever> s = List.copyOf(chosen);
            into.putIfAbsent(s.stream().map(Lever::key).sorted().toList().toString(), s);
            return;
        }
        for (int i = at; i <= from.size() - left; i++) {
            chosen.add(from.get(i));
            choose(from, i + 1, left - 1, chosen, into);
            chosen.remove(chosen.size() - 1);
        }
    }

    /**
     * The change of least magnitude that moves exactly these levers and works (null when none does or none beats
     * {@code best}): every step of each lever but the last in ascending order, the last one bisected.
     */
    private List<Edit> least(List<Lever> subset, List<Edit> best) {
        return walk(subset, 0, new int[subset.size()], best, null);
    }

    private List<Edit> walk(List<Lever> subset, int at, int[] steps, List<Edit> best, List<Edit> found) {
        Lever lever = subset.get(at);
        double partial = 0;
        for (int i = 0; i < at; i++) {
            partial += subset.get(i).steps().get(steps[i]).magnitude();
        }
        if (beaten(partial + floor(subset, at), best, found)) {
            return found;
        }
        // the least step of this lever that works with every later lever at its most: nothing below it can
        for (int i = at + 1; i < subset.size(); i++) {
            steps[i] = subset.get(i).steps().size() - 1;
        }
        int least = leastStep(subset, at, steps);
        if (least < 0) {
            return found;
        }
        if (at == subset.size() - 1) {
            steps[at] = least;
            List<Edit> candidate = edits(subset, steps);
            boolean better = (found == null || ORDER.compare(candidate, found) < 0)
                    && (best == null || ORDER.compare(candidate, best) < 0);
            return better ? candidate : found;
        }
        for (int s = least; s < lever.steps().size(); s++) {
            if (beaten(partial + lever.steps().get(s).magnitude() + floor(subset, at + 1), best, found)) {
                break;
            }
            steps[at] = s;
            found = walk(subset, at + 1, steps, best, found);
        }
        return found;
    }

    /**
     * The least step of lever {@code at} that works with the other levers where {@code steps} has them, by bisection
     * (its top tried first); -1 when not even its top works.
     */
    private int leastStep(List<Lever> subset, int at, int[] steps) {
        int lo = 0;
        int hi = subset.get(at).steps().size() - 1;
        steps[at] = hi;
        if (!test(edits(subset, steps)).given()) {
            return -1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            steps[at] = mid;
            if (test(edits(subset, steps)).given()) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return hi;
    }

    /** The least magnitude the levers from {@code at} on can add (their first steps). */
    private static double floor(List<Lever> subset, int at) {
        double sum = 0;
        for (int i = at; i < subset.size(); i++) {
            sum += subset.get(i).steps().get(0).magnitude();
        }
        return sum;
    }

    /** True when a change of {@code magnitude} (with this many edits and kinds) can no longer beat what was found. */
    private static boolean beaten(double magnitude, List<Edit> best, List<Edit> found) {
        return (best != null && magnitude > magnitude(best)) || (found != null && magnitude > magnitude(found));
    }

    private static List<Edit> edits(List<Lever> subset, int[] steps) {
        List<Edit> out = new ArrayList<>(subset.size());
        for (int i = 0; i < subset.size(); i++) {
            out.add(new Edit(subset.get(i), steps[i]));
        }
        return out;
    }

    /** Every lever of the set moved as far as it goes. */
    private static List<Edit> atMost(List<Lever> set) {
        return set.stream().map(l -> new Edit(l, l.steps().size() - 1)).toList();
    }

    private Trial test(List<Edit> edits) {
        String key = key(edits);
        Trial known = seen.get(key);
        if (known != null) {
            return known;
        }
        if (tried.size() >= maxTrials) {
            throw new OutOfBounds("the limit of " + maxTrials + " replays was reached");
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new OutOfBounds("the time limit was reached after " + tried.size() + " replays");
        }
        Trial t = replay.apply(edits);
        seen.put(key, t);
        tried.add(new Tried(edits, t));
        return t;
    }

    private static String key(List<Edit> edits) {
        return edits.stream().map(e -> e.lever().key() + "=" + e.step()).sorted().toList().toString();
    }

    private static List<Integer> ranks(List<Edit> edits) {
        return edits.stream().map(e -> e.lever().rank()).sorted().toList();
    }

    private static List<Integer> ranksOf(List<Lever> levers) {
        return levers.stream().map(Lever::rank).sorted().toList();
    }

    private static int compareRanks(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** The steps a change moves its levers, summed. */
    public static double magnitude(List<Edit> edits) {
        return edits.stream().mapToDouble(Edit::magnitude).sum();
    }

    private static String words(List<Edit> edits) {
        return edits.stream().map(Edit::words).sorted().toList().toString();
    }
}
