package io.conclave.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conclave.model.command.Command;

/**
 * Checks the lines of a journal, as an evidence export carries them, against their hash chain and the head a node
 * signed, and names every entry that is not as it was written: changed (its hash is not the one the entry after it,
 * or the signed head, recorded; its checksum fails; it does not read), missing (a number between the first and the
 * head that no line holds), out of place (the lines are not in the order of their numbers), twice there, or beyond
 * the signed head. Trust flows down from the head: the head's hash vouches for the last line, whose {@code prev}
 * vouches for the line before, and so on; where a line is missing the lines below it are still checked against one
 * another. Lines written before journals were chained carry no {@code prev}: the first chained entry vouches for
 * the line just before it, and the older ones are covered by the replay alone.
 *
 * @param <C> the command family of the journal's owner
 */
public final class ChainCheck<C extends Command> {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d{1,18})");

    /** What is wrong with an entry. */
    public enum Kind { CHANGED, MISSING, OUT_OF_PLACE, TWICE, NOT_SIGNED }

    /** One problem: the entry it is about (its number), what kind of problem, and the sentence that says it. */
    public record Finding(long seq, Kind kind, String message) {
    }

    /** The head a node signed: the first entry of the export, the last, and the last one's hash. */
    public record Head(long firstSeq, long seq, String hash) {
    }

    /**
     * What the check found: the problems by entry, the entries that read (in the order of their numbers, one per
     * number: the one the chain recorded when there are two), the first entry that carries the chain (null when
     * none does), and the first and last numbers.
     */
    public record Result<C extends Command>(List<Finding> findings, List<JournalEntry<C>> entries, Long firstChained,
                                            long firstSeq, long lastSeq) {
        public boolean intact() {
            return findings.isEmpty();
        }
    }

    /** One line as read: its number (null when none can be found), its chain fields, its entry, and what failed. */
    private record Line<C extends Command>(int position, String hash, Long seq, String prev, JournalEntry<C> entry,
                                           String problem) {
    }

    private final CommandCodec<C> codec;

    public ChainCheck(CommandCodec<C> codec) {
        this.codec = codec;
    }

    /**
     * Checks {@code lines} (in the order given) against {@code head} (null: no signed head, the lines are checked
     * against one another only).
     */
    public Result<C> check(List<String> lines, Head head) {
        List<Line<C>> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            read.add(read(i + 1, lines.get(i)));
        }
        Map<Long, List<Line<C>>> bySeq = new TreeMap<>();
        for (Line<C> l : read) {
            if (l.seq() != null) {
                bySeq.computeIfAbsent(l.seq(), k -> new ArrayList<>()).add(l);
            }
        }
        Map<Long, Finding> findings = new TreeMap<>();
        List<Finding> unnumbered = new ArrayList<>();
        for (Line<C> l : read) {
            if (l.seq() == null) {
                unnumbered.add(new Finding(0, Kind.CHANGED, "the line at position " + l.position()
                        + " of the export is not an entry: " + l.problem()));
            }
        }
        if (bySeq.isEmpty() && head == null) {
            return new Result<>(sorted(findings, unnumbered), List.of(), null, 0, 0);
        }
        long first = head != null ? head.firstSeq() : bySeq.keySet().iterator().next();
        long last = head != null ? head.seq() : ((TreeMap<Long, List<Line<C>>>) bySeq).lastKey();
        for (Map.Entry<Long, List<Line<C>>> e : bySeq.entrySet()) {
            if (head != null && e.getKey() > head.seq()) {
                add(findings, new Finding(e.getKey(), Kind.NOT_SIGNED, "entry " + e.getKey()
                        + " is beyond the signed head, entry " + head.seq() + ": nothing vouches for it"));
            } else if (e.getKey() < first) {
                add(findings, new Finding(e.getKey(), Kind.NOT_SIGNED, "entry " + e.getKey()
                        + " comes before the first entry the node signed for, entry " + first));
            }
        }
        List<JournalEntry<C>> entries = new ArrayList<>();
        String expected = head != null ? head.hash() : null;
        String vouchedBy = "the signed head";
        for (long s = last; s >= first; s--) {
            List<Line<C>> copies = bySeq.get(s);
            if (copies == null) {
                add(findings, new Finding(s, Kind.MISSING, "entry " + s + " is missing: "
                        + (s == last ? "the signed head is entry " + s : "entry " + (s + 1) + " was written after it")));
                expected = null;
                continue;
            }
            Line<C> kept = null;
            if (expected != null) {
                for (Line<C> c : copies) {
                    if (c.hash().equals(expected)) {
                        kept = c;
                        break;
                    }
                }
            }
            List<String> why = new ArrayList<>();
            if (kept == null) {
                kept = copies.get(0);
                if (expected != null) {
                    why.add("it no longer hashes to " + vouchedBy);
                }
            }
            for (Line<C> c : copies) {
                if (c != kept) {
                    add(findings, new Finding(s, Kind.TWICE, "entry " + s + " is there twice: the line at position "
                            + c.position() + " is not the one the chain recorded"));
                }
            }
            if (kept.problem() != null) {
                why.add(kept.problem());
            }
            if (!why.isEmpty()) {
                add(findings, new Finding(s, Kind.CHANGED, "entry " + s + " was changed: " + String.join("; ", why)));
            }
            if (kept.entry() != null) {
                entries.add(kept.entry());
            }
            expected = kept.prev();
            vouchedBy = "what entry " + s + " recorded before it";
        }
        entries.sort(Comparator.comparingLong(JournalEntry::seq));
        Long firstChained = chainFrom(bySeq, first, last, findings);
        outOfPlace(read, findings);
        return new Result<>(sorted(findings, unnumbered), List.copyOf(entries), firstChained, first, last);
    }

    /**
     * The first entry that carries the chain; an entry after it without one had its chain taken out (changed); the
     * creation's chain must start at {@link Chain#GENESIS}.
     */
    private Long chainFrom(Map<Long, List<Line<C>>> bySeq, long first, long last, Map<Long, Finding> findings) {
        Long chained = null;
        for (long s = first; s <= last; s++) {
            List<Line<C>> copies = bySeq.get(s);
            if (copies == null) {
                continue;
            }
            Line<C> l = copies.get(0);
            if (l.prev() != null && chained == null) {
                chained = s;
                if (s == 1 && !Chain.GENESIS.equals(l.prev())) {
                    add(findings, new Finding(s, Kind.CHANGED, "entry 1 was changed: its chain does not start at "
                            + "the beginning"));
                }
            } else if (l.prev() == null && chained != null && l.problem() == null) {
                add(findings, new Finding(s, Kind.CHANGED, "entry " + s + " was changed: it carries no chain, though"
                        + " entry " + chained + " before it does"));
            }
        }
        return chained;
    }

    /**
     * The entries not in the order of their numbers: those outside the longest run of lines whose numbers rise,
     * each named with where it was written and where the export has it.
     */
    private void outOfPlace(List<Line<C>> read, Map<Long, Finding> findings) {
        List<Line<C>> numbered = read.stream().filter(l -> l.seq() != null).toList();
        int n = numbered.size();
        int[] tails = new int[n];
        int[] before = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            long s = numbered.get(i).seq();
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (numbered.get(tails[mid]).seq() < s) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            before[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            length = Math.max(length, lo + 1);
        }
        Set<Integer> inOrder = new HashSet<>();
        for (int i = length > 0 ? tails[length - 1] : -1; i >= 0; i = before[i]) {
            inOrder.add(i);
        }
        Map<Long, Integer> copies = new java.util.HashMap<>();
        numbered.forEach(l -> copies.merge(l.seq(), 1, Integer::sum));
        for (int i = 0; i < n; i++) {
            long s = numbered.get(i).seq();
            if (inOrder.contains(i) || copies.get(s) > 1) {
                continue; // an entry there twice is named as such
            }
            String where = i == 0 ? "first" : "after entry " + numbered.get(i - 1).seq();
            add(findings, new Finding(s, Kind.OUT_OF_PLACE, "entry " + s + " is out of place: it was written right "
                    + "after entry " + (s - 1) + ", but the export has it " + where));
        }
    }

    /** Reads one line: its hash always, then its entry, or as much of it as the damage leaves. */
    private Line<C> read(int position, String text) {
        String hash = Chain.hash(text);
        try {
            CommandCodec.Chained<C> c = codec.chained(text);
            return new Line<>(position, hash, c.entry().seq(), c.prev(), c.entry(), null);
        } catch (IOException e) {
            CommandCodec.Fields f = CommandCodec.fields(text);
            Long seq = f != null ? f.seq() : null;
            if (seq == null) {
                Matcher m = SEQ.matcher(text);
                seq = m.find() ? Long.parseLong(m.group(1)) : null;
            }
            return new Line<>(position, hash, seq, f != null ? f.prev() : null, null, e.getMessage());
        }
    }

    /** Keeps the first finding about an entry of each kind (a changed entry is said once, with every reason). */
    private static void add(Map<Long, Finding> findings, Finding f) {
        findings.merge(f.seq() * Kind.values().length + f.kind().ordinal(), f, (a, b) -> a);
    }

    private static List<Finding> sorted(Map<Long, Finding> findings, List<Finding> unnumbered) {
        List<Finding> out = new ArrayList<>(unnumbered);
        out.addAll(findings.values());
        return List.copyOf(out);
    }
}
