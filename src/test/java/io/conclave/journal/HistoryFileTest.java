package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.Json;

/**
 * The history's lines are written {@value HistoryFile#PENDING_LINES} at a time, yet every line counted is read back,
 * and a crash loses only lines not written yet (which the owner's replay writes again, numbered where the file stops).
 */
class HistoryFileTest {

    /** A line's item: its JSON is {@code {"n":...}}. */
    record N(int n) {
    }

    private static List<N> items(int from, int to) {
        List<N> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(new N(i));
        }
        return out;
    }

    /** The lines {@link #items} are written as, as the file holds them. */
    private static List<String> lines(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("{\"n\":" + i + "}");
        }
        return out;
    }

    private static long linesOnDisk(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void linesAreWrittenSixteenAtATimeAndReadBackAtOnce(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("messages.jsonl");
        HistoryFile h = new HistoryFile(f);
        h.append(items(1, 15));
        assertEquals(15, h.count());
        assertEquals(0, linesOnDisk(f), "15 lines held: nothing written yet");
        h.append(items(16, 16));
        assertEquals(16, linesOnDisk(f), "the 16th line writes all 16 in one go");
        h.append(items(17, 20));
        assertEquals(16, linesOnDisk(f));
        // a read sees every line counted: it writes the 4 held first
        assertEquals(lines(15, 20), h.read(14, 10));
        assertEquals(20, linesOnDisk(f));
        h.append(items(21, 23));
        h.close();
        assertEquals(lines(1, 23), Files.readAllLines(f), "a close writes what was held");
    }

    /**
     * The buffer of the lines held is kept from one batch to the next unless a batch made it larger than
     * {@value LineBuffer#KEPT} bytes: small batches, one of 16 lines of 5,000 characters each (80 KB), small ones
     * again; each line is read back as written, none twice.
     */
    @Test
    void batchesLargeAndSmallFollowOneAnother(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("messages.jsonl");
        HistoryFile h = new HistoryFile(f);
        List<Object> expected = new ArrayList<>();
        h.append(items(1, 16));
        expected.addAll(lines(1, 16));
        List<java.util.Map<String, String>> big = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            big.add(java.util.Map.of("text", String.valueOf((char) ('a' + i)).repeat(5_000)));
            expected.add("{\"text\":\"" + String.valueOf((char) ('a' + i)).repeat(5_000) + "\"}");
        }
        h.append(big);
        assertEquals(32, linesOnDisk(f));
        h.append(items(17, 40));
        expected.addAll(lines(17, 40));
        h.close();
        assertEquals(expected, new ArrayList<Object>(Files.readAllLines(f)));
    }

    /**
     * A page is read in blocks of 64 KiB: lines that end in the next block, and one longer than a block (150,000
     * characters of text in a line of 150,011 bytes, over three blocks), read back whole, each from any line on.
     */
    @Test
    void linesAcrossTheReadsBlocksReadBackWhole(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("decisions.jsonl");
        HistoryFile h = new HistoryFile(f);
        List<String> expected = new ArrayList<>();
        List<Object> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // 39 lines of 3,011 bytes, then the long one at line 20 (0-based): blocks end inside lines
            String text = String.valueOf((char) ('a' + i % 26)).repeat(i == 20 ? 150_000 : 3_000);
            written.add(java.util.Map.of("text", text));
            expected.add("{\"text\":\"" + text + "\"}");
        }
        h.append(written);
        for (int from : new int[] {0, 19, 20, 21}) {
            assertEquals(expected.subList(from, 40), h.read(from, 100), "from line " + from);
        }
        assertEquals(expected.subList(20, 22), h.read(20, 2));
        h.close();
    }

    @Test
    void aCrashLosesOnlyTheLinesHeldAndTheNextLinesFollowTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("decisions.jsonl");
        HistoryFile before = new HistoryFile(f);
        for (int i = 1; i <= 20; i++) {
            before.append(items(i, i)); // a line a decision: 16 written, 4 held when the process dies (no close)
        }
        HistoryFile after = new HistoryFile(f);
        assertEquals(16, after.count(), "the replay writes again from line 17");
        after.append(items(17, 20));
        after.close();
        assertEquals(lines(1, 20), Files.readAllLines(f));
    }

    @Test
    void aCutWritesTheLinesHeldFirstThenKeepsTheFirstOnes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("messages.jsonl");
        HistoryFile h = new HistoryFile(f);
        h.append(items(1, 290)); // written at once: more than 16 lines held
        h.append(items(291, 300)); // past a position mark (every 256 lines), 10 lines held
        h.truncate(270);
        assertEquals(270, h.count());
        assertEquals(lines(1, 270), Files.readAllLines(f));
        h.append(items(271, 272));
        assertEquals(lines(260, 272), h.read(259, 100));
        h.close();
    }

    /** One item of a history, its fields in a fixed order. */
    record Item(int seq, String content) {
    }

    /**
     * Items written as JSON straight into the lines held read back as the same items, and a line holds what a line
     * made from the item's JSON text held: a character outside the basic plane as its four UTF-8 bytes. A lone
     * surrogate has no UTF-8: the line holds its escape and the item reads back as it was sent (made into UTF-8 from
     * text, as lines were before, it was a '?').
     */
    @Test
    void itemsWrittenAsJsonReadBackAsTheyWere(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("messages.jsonl");
        List<Item> items = new ArrayList<>();
        for (int i = 1; i <= 20; i++) { // 16 written at once, 4 held until the read
            items.add(new Item(i, "line " + i + " \uD83D\uDE00 caf\u00e9"));
        }
        items.add(new Item(21, "a lone \uD800 surrogate"));
        HistoryFile h = new HistoryFile(f);
        h.append(items.subList(0, 20));
        h.append(items.subList(20, 21));
        assertEquals(21, h.count());
        List<String> read = h.read(0, 100);
        assertEquals(21, read.size());
        for (int i = 0; i < 21; i++) {
            assertEquals(items.get(i), Json.MAPPER.readValue(read.get(i), Item.class));
        }
        h.close();
        List<String> onDisk = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(Json.MAPPER.writeValueAsString(items.get(0)), onDisk.get(0),
                "the same line as the item's JSON text made into UTF-8: the emoji as its four bytes, not two escapes");
        assertFalse(onDisk.get(20).contains("?"), onDisk.get(20));
    }

    /** An item that cannot be written leaves nothing of its call held: the lines before it and after it are whole. */
    @Test
    void anItemThatCannotBeWrittenLeavesNoHalfLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("decisions.jsonl");
        HistoryFile h = new HistoryFile(f);
        h.append(List.of(new Item(1, "one")));
        Object unwritable = new Object(); // Jackson has no serializer for a bare Object; the line before it was written
        assertThrows(IOException.class, () -> h.append(List.of(new Item(2, "two"), unwritable)));
        assertEquals(1, h.count());
        h.append(List.of(new Item(2, "two")));
        h.close();
        assertEquals(List.of("{\"seq\":1,\"content\":\"one\"}", "{\"seq\":2,\"content\":\"two\"}"),
                Files.readAllLines(f, StandardCharsets.UTF_8));
    }
}
