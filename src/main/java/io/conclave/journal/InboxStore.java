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
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.conclave.model.inbox.InboxItem;

/**
 * The agents' inboxes on disk: one file per agent, {@code <data>/inbox/<agent_id>.jsonl}, one JSON line per
 * item added ({@code {"item":{...}}}), acknowledged ({@code {"ack":n}}) or found settled by the service
 * ({@code {"settled":n}}). Item ids are one sequence for the whole service, going on from the highest on disk
 * after a restart. An acknowledgement is forced to disk before it is answered, so a restart never delivers an
 * acknowledged item again; an item is written (not forced) as its event is published, so it survives a crash
 * of the service, not of the machine. At start-up each file is rewritten with its open items only, and the
 * highest id given so far is kept in {@code last-item-id}.
 * Thread-safe: every method holds the store's lock.
 */
public final class InboxStore {
    /** The file beside the inboxes that keeps the highest item id given before the last start. */
    static final String LAST_ID = "last-item-id";
    private final Path dir;
    /** Open (not acknowledged, not settled) items by agent, in id order. */
    private final Map<String, TreeMap<Long, InboxItem>> open = new HashMap<>();
    /** The agent of every item known since start-up, acknowledged ones too: who may acknowledge it. */
    private final Map<Long, String> owners = new HashMap<>();
    private long lastId;

    /** What became of an acknowledgement. */
    public enum Acked { ACKED, ALREADY, NOT_FOUND, NOT_YOURS }

    public InboxStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                load(f);
            }
        }
        // the files keep only open items: the highest id ever given is kept beside them, so that after two
        // restarts with every item acknowledged, ids still go on (a stream resumed after an id it received must
        // not miss new items numbered below it)
        Path last = dir.resolve(LAST_ID);
        if (Files.exists(last)) {
            try {
                lastId = Math.max(lastId, Long.parseLong(Files.readString(last, StandardCharsets.UTF_8).strip()));
            } catch (NumberFormatException e) {
                throw new IOException(last + " does not hold an item id: " + e.getMessage(), e);
            }
        }
        AtomicFiles.write(last, lastId + "\n");
    }

    private void load(Path file) throws IOException {
        String agent = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        TreeMap<Long, InboxItem> items = new TreeMap<>();
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
                InboxItem item = Json.JOURNAL.treeToValue(n.get("item"), InboxItem.class);
                items.put(item.itemId(), item);
                owners.put(item.itemId(), agent);
                lastId = Math.max(lastId, item.itemId());
            } else if (n.has("ack") || n.has("settled")) {
                items.remove((n.has("ack") ? n.get("ack") : n.get("settled")).asLong());
            }
        }
        StringBuilder kept = new StringBuilder();
        for (InboxItem item : items.values()) {
            kept.append(line("item", item)).append('\n');
        }
        AtomicFiles.write(file, kept.toString());
        if (!items.isEmpty()) {
            open.put(agent, items);
        }
    }

    /** Numbers {@code item}, writes it to its agent's file and keeps it open; returns it numbered. */
    public synchronized InboxItem add(InboxItem item) throws IOException {
        InboxItem numbered = item.numbered(++lastId);
        append(item.agentId(), line("item", numbered), false);
        open.computeIfAbsent(item.agentId(), a -> new TreeMap<>()).put(numbered.itemId(), numbered);
        owners.put(numbered.itemId(), item.agentId());
        return numbered;
    }

    /** The agent's open items after {@code afterId} (0: all), in id order. */
    public synchronized List<InboxItem> open(String agentId, long afterId) {
        TreeMap<Long, InboxItem> items = open.get(agentId);
        return items == null ? List.of() : new ArrayList<>(items.tailMap(afterId, false).values());
    }

    /** True when the agent has ever had an item since start-up, or has open ones. */
    public synchronized boolean knows(String agentId) {
        return open.containsKey(agentId) || owners.containsValue(agentId);
    }

    /** Acknowledges item {@code itemId} of {@code agentId}, forced to disk; says what became of it. */
    public synchronized Acked ack(String agentId, long itemId) throws IOException {
        String owner = owners.get(itemId);
        if (owner == null) {
            return Acked.NOT_FOUND;
        }
        if (!owner.equals(agentId)) {
            return Acked.NOT_YOURS;
        }
        TreeMap<Long, InboxItem> items = open.get(agentId);
        if (items == null || items.remove(itemId) == null) {
            return Acked.ALREADY;
        }
        append(agentId, "{\"ack\":" + itemId + "}", true);
        return Acked.ACKED;
    }

    /** Closes items the service found no longer waiting for the agent (not forced: they would be found again). */
    public synchronized void settle(String agentId, List<Long> itemIds) throws IOException {
        TreeMap<Long, InboxItem> items = open.get(agentId);
        for (long id : itemIds) {
            if (items != null && items.remove(id) != null) {
                append(agentId, "{\"settled\":" + id + "}", false);
            }
        }
    }

    private static String line(String key, InboxItem item) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set(key, Json.MAPPER.valueToTree(item));
        return Json.MAPPER.writeValueAsString(n);
    }

    private void append(String agentId, String line, boolean force) throws IOException {
        Path file = dir.resolve(agentId + ".jsonl");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            if (force) {
                ch.force(false);
            }
        }
    }
}
