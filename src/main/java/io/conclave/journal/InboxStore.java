package io.conclave.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.conclave.model.inbox.InboxItem;

/**
 * The agents' inboxes: one file per agent, {@code <data>/inbox/<agent_id>.jsonl}, one JSON line per item added
 * ({@code {"item":{...},"pos":n}}), acknowledged ({@code {"ack":"<item id>"}}) or found settled by the service
 * ({@code {"settled":"<item id>"}}). An item comes with its id (named by what made it, see {@link InboxItem});
 * the store keeps the order items arrived in as a position, one sequence for the whole store going on from the
 * highest on disk after a restart: a stream resumes after an item by that order. An item whose id the store
 * already knows is not added again. An acknowledgement is forced to disk before it is answered, so a restart
 * never delivers an acknowledged item again; an item is written (not forced) as its event is published, so it
 * survives a crash of the service, not of the machine. An item whose owner tells it again after a restart (a turn,
 * which its conversation's journal holds) is kept in memory only ({@link #add(InboxItem, boolean)}): no line of it,
 * of its settlement or of its supersession; its acknowledgement names its subject and is kept through every rewrite,
 * so the item told again stays closed. At start-up each file is rewritten with its open items
 * only, and the highest position given so far is kept in {@code last-item-id}; while the service runs, a file
 * whose lines are mostly of closed items is rewritten the same way (at least {@value #COMPACT_LINES} lines, more
 * than {@value #COMPACT_RATIO} times its open items), so neither the disk nor memory grows with the items an
 * agent was ever given, only with those still open. The most recently closed items ({@value #CLOSED_KEPT}) are
 * remembered, so an acknowledgement sent again answers that it was acknowledged, and a stream resumes after one;
 * an older one is not known, as after a restart. Files of earlier versions, whose
 * items were numbered ({@code "item_id": 17}), read as items named {@code "17"} at position 17.
 * <p>
 * An item may name a subject ({@code subjects}, e.g. a turn in one conversation): a newer item of the same agent
 * and subject supersedes the older one, which is settled when the newer is added (and left out when a file is
 * read), so an agent that never reads its inbox holds one open item per subject, not one per event. Every node
 * of a cluster adds the same items in the same order and so settles the same ones without a record of it.
 * <p>
 * A store without a folder ({@link #inMemory}) keeps nothing on disk: a cluster's node rebuilds it from the
 * inbox topic at every start.
 * Thread-safe: every method holds the store's lock.
 */
public final class InboxStore implements AutoCloseable {
    /** The file beside the inboxes that keeps the highest position given before the last start. */
    static final String LAST_ID = "last-item-id";
    private final Path dir;
    /** An item's subject, or null when it supersedes nothing. */
    private final Function<InboxItem, String> subjects;
    /** Agent and subject ({@code agent + '\n' + subject}) -> the position of the open item holding the subject. */
    private final Map<String, Long> bySubject = new HashMap<>();
    /** Open (not acknowledged, not settled) items by agent, by position. */
    private final Map<String, TreeMap<Long, InboxItem>> open = new HashMap<>();
    /** Where each open item is: its agent (who may acknowledge it) and its position. */
    private final Map<String, Placed> placed = new HashMap<>();
    /** Where the most recently closed items were, the oldest forgotten first. */
    private final Map<String, Placed> closed = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Placed> eldest) {
            return size() > CLOSED_KEPT;
        }
    };
    /** How many closed items are remembered at most. */
    static final int CLOSED_KEPT = 10_000;
    /** The items kept in memory only (their owners tell them again after a restart), and their acknowledgements. */
    private final InMemoryItems inMemory = new InMemoryItems();
    /** How many items each agent has had since start-up (it is known while it has any). */
    private final Map<String, Integer> agents = new HashMap<>();
    /** How many lines each agent's file has now (items, acknowledgements and settlements). */
    private final Map<String, Integer> lines = new HashMap<>();
    /** A file is rewritten with its open items once it has at least this many lines... */
    static final int COMPACT_LINES = 256;
    /** ...and more than this many times as many lines as open items. */
    static final int COMPACT_RATIO = 4;
    private long lastPos;
    /**
     * The files of the agents that received lines most recently, kept open (at most {@value #OPEN_FILES}, the least
     * recently written closed first): opening and closing an agent's file for every item cost more than writing it.
     */
    private final Map<String, FileChannel> channels = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
            if (size() <= OPEN_FILES) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (IOException e) {
                // its lines were written; a failed close loses none of them
            }
            return true;
        }
    };
    /** How many agents' files stay open at most. */
    static final int OPEN_FILES = 512;
    /** The buffer the lines of one write are gathered in, kept from one write to the next ({@link LineBuffer#KEPT}). */
    private LineBuffer buffer;

    /** What became of an acknowledgement. */
    public enum Acked { ACKED, ALREADY, NOT_FOUND, NOT_YOURS }

    /** Where an item is kept: a line in its agent's file, or memory only (since this start, or told again after it). */
    private enum Kept { LINE, MEMORY, RETOLD }

    /** An item's agent, position and keeping. */
    private record Placed(String agent, long pos, Kept kept) {
        Placed(String agent, long pos) {
            this(agent, pos, Kept.LINE);
        }
    }

    /** A store of items that supersede nothing. */
    public InboxStore(Path dir) throws IOException {
        this(dir, i -> null);
    }

    /** A store whose items supersede their agent's older open item of the same subject (null: none). */
    public InboxStore(Path dir, Function<InboxItem, String> subjects) throws IOException {
        this.dir = dir;
        this.subjects = subjects;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                load(f);
            }
        }
        // the files keep only open items: the highest position ever given is kept beside them, so that after two
        // restarts with every item acknowledged, positions still go on
        Path last = dir.resolve(LAST_ID);
        if (Files.exists(last)) {
            try {
                lastPos = Math.max(lastPos, Long.parseLong(Files.readString(last, StandardCharsets.UTF_8).strip()));
            } catch (NumberFormatException e) {
                throw new IOException(last + " does not hold an item position: " + e.getMessage(), e);
            }
        }
        AtomicFiles.write(last, lastPos + "\n");
    }

    private InboxStore(Function<InboxItem, String> subjects) {
        this.dir = null;
        this.subjects = subjects;
    }

    /** A store that keeps nothing on disk, whose items supersede as in {@link #InboxStore(Path, Function)}. */
    public static InboxStore inMemory(Function<InboxItem, String> subjects) {
        return new InboxStore(subjects);
    }

    private void load(Path file) throws IOException {
        String agent = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        TreeMap<Long, InboxItem> items = new TreeMap<>();
        Map<String, Long> at = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode n;
            try {
                n = Json.JOURNAL.readTree(line);
            } catch (IOException torn) {
                continue; // a line cut short by a crash: the item it held was never acknowledged
            }
            if (n == null) {
                continue;
            }
            if (n.has("item")) {
                JsonNode raw = n.get("item");
                InboxItem item = Json.JOURNAL.treeToValue(raw, InboxItem.class);
                // an item of an earlier version was numbered: its number is its name and its position
                long pos = n.has("pos") ? n.get("pos").asLong() : raw.path("item_id").asLong();
                if (raw.path("item_id").isNumber()) {
                    item = item.named(item.itemId());
                }
                items.put(pos, item);
                at.put(item.itemId(), pos);
                known(item, agent, pos, Kept.LINE);
                lastPos = Math.max(lastPos, pos);
            } else if (n.has("ack") || n.has("settled")) {
                String id = (n.has("ack") ? n.get("ack") : n.get("settled")).asText();
                Long pos = at.get(id);
                InboxItem gone = pos == null ? null : items.remove(pos);
                if (gone != null) {
                    close(gone);
                } else if (n.has("ack") && n.hasNonNull("subject")) {
                    // an item kept in memory only, acknowledged: its owner may tell it again, it stays closed
                    inMemory.remember(agent, n.get("subject").asText(), id);
                    closed.put(id, new Placed(agent, 0));
                }
            }
        }
        // an item superseded before the last stop (or written by a version that kept every one) is left out
        Map<String, Long> latest = new HashMap<>();
        for (Map.Entry<Long, InboxItem> e : new ArrayList<>(items.entrySet())) {
            String key = subjectKey(e.getValue());
            Long older = key == null ? null : latest.put(key, e.getKey());
            if (older != null) {
                close(items.remove(older));
            }
        }
        bySubject.putAll(latest);
        rewrite(agent, items);
        if (!items.isEmpty()) {
            open.put(agent, items);
        }
    }

    private void known(InboxItem item, String agent, long pos, Kept kept) {
        placed.put(item.itemId(), new Placed(agent, pos, kept));
        agents.merge(agent, 1, Integer::sum);
    }

    /**
     * An open item closed (acknowledged, settled or superseded), already out of its agent's open items: remembered
     * among the recently closed, and no longer the holder of its subject.
     */
    private void close(InboxItem item) {
        Placed p = placed.remove(item.itemId());
        if (p == null) {
            return;
        }
        closed.put(item.itemId(), p);
        String key = subjectKey(item);
        if (key != null) {
            bySubject.remove(key, p.pos()); // a newer item that superseded it holds the subject already
        }
    }

    /** True when open item {@code itemId} has a line in its agent's file. */
    private boolean lined(String itemId) {
        return placed.get(itemId).kept() == Kept.LINE;
    }

    /** Where an open or recently closed item is, or null. */
    private Placed where(String itemId) {
        Placed p = placed.get(itemId);
        return p != null ? p : closed.get(itemId);
    }

    /** The key of the item's agent and subject in {@link #bySubject}, or null when it has no subject. */
    private String subjectKey(InboxItem item) {
        String subject = subjects.apply(item);
        return subject == null ? null : item.agentId() + "\n" + subject;
    }

    /**
     * Adds {@code item} (named already) at the next position, writes it to its agent's file and keeps it open;
     * returns it, or null when the store knew its id already (it is not added again). The agent's open item of the
     * same subject, if any, is settled.
     */
    public synchronized InboxItem add(InboxItem item) throws IOException {
        return add(item, true);
    }

    /**
     * Adds {@code item} as {@link #add(InboxItem)} does, written to its agent's file or, when {@code written} is
     * false, kept in memory only: its owner keeps what made it and tells it again after a restart (an agent's
     * turn, which its conversation's journal holds). Such an item leaves no line but its acknowledgement, and is not
     * added again once acknowledged, even after a restart.
     */
    public synchronized InboxItem add(InboxItem item, boolean written) throws IOException {
        return add(item, written ? Kept.LINE : Kept.MEMORY);
    }

    /**
     * Adds an item kept in memory only that its owner tells again after a restart, as {@code add(item, false)}; a
     * stream resumed after it gets every open item, as after an item this store does not know: its position now is
     * not the one it had before the restart, and an item the stream missed then may sit below it.
     */
    public synchronized InboxItem retell(InboxItem item) throws IOException {
        return add(item, Kept.RETOLD);
    }

    private InboxItem add(InboxItem item, Kept kept) throws IOException {
        if (item.itemId() == null) {
            throw new IllegalArgumentException("an inbox item needs its id");
        }
        String subject = subjects.apply(item);
        if (where(item.itemId()) != null || subject != null
                && inMemory.acknowledged(item.agentId(), subject, item.itemId())) {
            return null;
        }
        String key = subject == null ? null : item.agentId() + "\n" + subject;
        Long older = key == null ? null : bySubject.get(key);
        TreeMap<Long, InboxItem> had = open.get(item.agentId());
        InboxItem superseded = older == null || had == null ? null : had.get(older);
        boolean written = kept == Kept.LINE;
        boolean settles = superseded != null && lined(superseded.itemId());
        long pos = lastPos + 1;
        // the item and the settlement of the one it supersedes in one write (an item kept in memory has no line)
        if (written || settles) {
            LineBuffer out = nextWrite();
            if (written) {
                InboxLines.item(out, item, pos);
            }
            if (settles) {
                InboxLines.settled(out, superseded.itemId());
            }
            append(item.agentId(), out, (written ? 1 : 0) + (settles ? 1 : 0), false);
        }
        lastPos = pos;
        if (subject != null) {
            inMemory.superseded(item.agentId(), subject);
        }
        TreeMap<Long, InboxItem> items = open.computeIfAbsent(item.agentId(), a -> new TreeMap<>());
        items.put(pos, item);
        known(item, item.agentId(), pos, kept);
        if (key != null) {
            bySubject.put(key, pos);
        }
        if (superseded != null) {
            items.remove(older);
            close(superseded);
            compactIfMostlyClosed(item.agentId());
        }
        return item;
    }

    /**
     * The agent's open items after item {@code afterId} by position (null, or an id this store does not know:
     * all of them), in the order they arrived.
     */
    public synchronized List<InboxItem> open(String agentId, String afterId) {
        TreeMap<Long, InboxItem> items = open.get(agentId);
        if (items == null) {
            return List.of();
        }
        Placed p = afterId == null ? null : where(afterId);
        Long after = p == null || p.kept() == Kept.RETOLD ? null : p.pos();
        return new ArrayList<>(after == null ? items.values() : items.tailMap(after, false).values());
    }

    /** True when the agent has had an item since start-up, or has open ones. */
    public synchronized boolean knows(String agentId) {
        return open.containsKey(agentId) || agents.containsKey(agentId);
    }

    /** True when the store holds item {@code itemId}, open or recently closed. */
    public synchronized boolean holds(String itemId) {
        return where(itemId) != null;
    }

    /** The position of item {@code itemId} in this store, or {@link Long#MAX_VALUE} when it does not know it. */
    public synchronized long position(String itemId) {
        Placed p = where(itemId);
        return p == null ? Long.MAX_VALUE : p.pos();
    }

    /** What acknowledging item {@code itemId} for {@code agentId} would do, changing nothing. */
    public synchronized Acked check(String agentId, String itemId) {
        Placed p = where(itemId);
        if (p == null) {
            return Acked.NOT_FOUND;
        }
        if (!p.agent().equals(agentId)) {
            return Acked.NOT_YOURS;
        }
        return placed.containsKey(itemId) ? Acked.ACKED : Acked.ALREADY;
    }

    /** Acknowledges item {@code itemId} of {@code agentId}, forced to disk; says what became of it. */
    public synchronized Acked ack(String agentId, String itemId) throws IOException {
        Acked would = check(agentId, itemId);
        if (would == Acked.ACKED) {
            InboxItem item = open.get(agentId).remove(placed.get(itemId).pos());
            // no line holds an item kept in memory: its acknowledgement names its subject, so a restart keeps it closed
            String subject = lined(itemId) ? null : subjects.apply(item);
            close(item);
            if (subject != null) {
                inMemory.remember(agentId, subject, itemId);
            }
            LineBuffer out = nextWrite();
            InboxLines.ack(out, itemId, subject);
            append(agentId, out, 1, true);
            compactIfMostlyClosed(agentId);
        }
        return would;
    }

    /** Closes items the service found no longer waiting for the agent (not forced: they would be found again). */
    public synchronized void settle(String agentId, List<String> itemIds) throws IOException {
        TreeMap<Long, InboxItem> items = open.get(agentId);
        boolean any = false;
        for (String id : itemIds) {
            Placed p = placed.get(id);
            InboxItem item = items == null || p == null || !p.agent().equals(agentId) ? null : items.remove(p.pos());
            if (item != null) {
                boolean hadLine = lined(id);
                close(item);
                if (hadLine) { // an item kept in memory only has no line to settle
                    LineBuffer out = nextWrite();
                    InboxLines.settled(out, id);
                    append(agentId, out, 1, false);
                    any = true;
                }
            }
        }
        if (any) {
            compactIfMostlyClosed(agentId);
        }
    }

    /**
     * The store's buffer for the next write, emptied (one for every write: each method holds the store's lock); one
     * that an unusually large item grew is let go rather than kept at its size.
     */
    private LineBuffer nextWrite() {
        buffer = LineBuffer.emptied(buffer, 4096);
        return buffer;
    }

    /**
     * Rewrites the agent's file with its open items only when most of its lines are of closed ones: the
     * rewrite costs as many lines as are open, at most a quarter of those written since the last one.
     */
    private void compactIfMostlyClosed(String agentId) throws IOException {
        int written = lines.getOrDefault(agentId, 0);
        if (dir == null || written < COMPACT_LINES) {
            return;
        }
        TreeMap<Long, InboxItem> items = open.getOrDefault(agentId, new TreeMap<>());
        if (written <= COMPACT_RATIO * items.size()) {
            return;
        }
        FileChannel ch = channels.remove(agentId);
        if (ch != null) {
            ch.close(); // its lines are in the file; the next line opens the rewritten one
        }
        rewrite(agentId, items);
    }

    /**
     * Writes the agent's file anew with these (open) items only, those kept in memory left out, and the
     * acknowledgements of items kept in memory that their owners could tell again; whole or not at all.
     */
    private void rewrite(String agentId, TreeMap<Long, InboxItem> items) throws IOException {
        LineBuffer kept = nextWrite();
        int count = 0;
        for (Map.Entry<Long, InboxItem> e : items.entrySet()) {
            if (lined(e.getValue().itemId())) {
                InboxLines.item(kept, e.getValue(), e.getKey());
                count++;
            }
        }
        count += inMemory.ackLines(agentId, kept);
        AtomicFiles.write(dir.resolve(agentId + ".jsonl"), kept.toByteArray());
        lines.put(agentId, count);
    }

    /** Appends the {@code count} lines gathered in {@code out} (each with its newline) to the agent's file. */
    private void append(String agentId, LineBuffer out, int count, boolean force) throws IOException {
        if (dir == null) {
            return;
        }
        lines.merge(agentId, count, Integer::sum);
        FileChannel ch = channels.get(agentId);
        if (ch == null) {
            ch = FileChannel.open(dir.resolve(agentId + ".jsonl"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            channels.put(agentId, ch);
        }
        try {
            ByteBuffer bytes = out.bytes();
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            if (force) {
                ch.force(false);
            }
        } catch (IOException e) {
            channels.remove(agentId);
            ch.close(); // opened again by the next line: a failed channel is not written after
            throw e;
        }
    }

    /** Closes the files kept open; a later line opens its file again. */
    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        channels.clear();
        if (first != null) {
            throw first;
        }
    }
}
