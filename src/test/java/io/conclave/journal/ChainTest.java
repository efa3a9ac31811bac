package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.Tick;

/**
 * The hash chain of journal files and what {@link ChainCheck} names when a chain is broken. Every expected hash is
 * computed here from its definition (SHA-256 of the line before, as stored, without its newline; 64 zeros before the
 * first), not read from the code under test; every named entry is the one the test changed.
 */
class ChainTest {
    private static final String POLICY = "ab".repeat(32);
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    /** Entry {@code seq}: ann bids on task t{seq} under version "abababababab" with its digest. */
    private static JournalEntry<ProjectCommand> entry(long seq) {
        return new JournalEntry<>(seq, "ann", POLICY.substring(0, 12), AT.plusSeconds(seq),
                new PlaceBid("t" + seq, "ann", 10.0 + seq, 0.5, null), null, POLICY);
    }

    private static JournalEntry<MeetingCommand> tick(long seq) {
        return new JournalEntry<>(seq, "ann", POLICY.substring(0, 12), AT.plusSeconds(seq), new Tick(), null, POLICY);
    }

    private static JournalEntry<ProjectCommand> withoutPolicyHash(JournalEntry<ProjectCommand> e) {
        return new JournalEntry<>(e.seq(), e.actor(), e.policyVersion(), e.recordedAt(), e.command(), e.key(), null);
    }

    private static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> lines(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve(FileJournal.FILE));
    }

    /** A journal of entries 1-5 written by the service's file journal. */
    private static List<String> fiveEntries(Path folder) throws IOException {
        try (FileJournal<ProjectCommand> j = new FileJournal<>(folder, CommandCodec.PROJECT)) {
            for (long s = 1; s <= 5; s++) {
                j.append(entry(s));
            }
        }
        return lines(folder);
    }

    private static List<String> check(List<String> lines, List<String> signed) {
        ChainCheck.Head head = new ChainCheck.Head(1, 5, Chain.hash(signed.get(4)));
        return new ChainCheck<>(CommandCodec.PROJECT).check(lines, head).findings().stream()
                .map(ChainCheck.Finding::message).toList();
    }

    @Test
    void everyLineRecordsTheHashOfTheLineBeforeAndOfItsPolicyFiles(@TempDir Path dir) throws Exception {
        List<String> lines = fiveEntries(dir);
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).contains("\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\""), lines.get(0));
        for (int i = 1; i < 5; i++) {
            assertTrue(lines.get(i).contains("\"prev\":\"" + sha256(lines.get(i - 1)) + "\""), lines.get(i));
        }
        lines.forEach(l -> assertTrue(l.contains("\"policy_hash\":\"" + POLICY + "\""), l));
        // read back, each entry is the one written, its policy's hash with it
        try (FileJournal<ProjectCommand> j = new FileJournal<>(dir, CommandCodec.PROJECT)) {
            assertEquals(List.of(entry(1), entry(2), entry(3), entry(4), entry(5)), j.read().entriesOrThrow());
            assertEquals(lines, j.stored().lines());
        }
        assertEquals(List.of(), check(lines, lines));
    }

    @Test
    void aWriterChainsToWhatAnotherWriterAppendedMeanwhile(@TempDir Path dir) throws Exception {
        // two processes sharing a meeting's folder take turns (under its file lock): each chains to the file's last line
        assertTrue(CommandCodec.MEETING.sharedAcrossProcesses());
        try (FileJournal<MeetingCommand> a = new FileJournal<>(dir, CommandCodec.MEETING);
             FileJournal<MeetingCommand> b = new FileJournal<>(dir, CommandCodec.MEETING)) {
            a.append(tick(1));
            b.append(tick(2));
            a.append(tick(3));
            a.append(tick(4));
            b.append(tick(5));
        }
        List<String> lines = lines(dir);
        for (int i = 1; i < 5; i++) {
            assertTrue(lines.get(i).contains("\"prev\":\"" + sha256(lines.get(i - 1)) + "\""), "line " + (i + 1));
        }
        assertEquals(List.of(), check(lines, lines));
    }

    @Test
    void aJournalOfAnOlderVersionIsChainedFromItsLastLineOn(@TempDir Path dir) throws Exception {
        try (FileJournal<ProjectCommand> old = FileJournal.unchained(dir, CommandCodec.PROJECT)) {
            old.append(entry(1));
            old.append(entry(2));
        }
        List<String> before = lines(dir);
        assertTrue(before.stream().noneMatch(l -> l.contains("\"prev\"") || l.contains("\"policy_hash\"")), "unchained");
        try (FileJournal<ProjectCommand> j = new FileJournal<>(dir, CommandCodec.PROJECT)) {
            j.append(entry(3));
            // entries 1 and 2 read as they were written (no policy hash then); entry 3 as written now
            assertEquals(List.of(withoutPolicyHash(entry(1)), withoutPolicyHash(entry(2)), entry(3)),
                    j.read().entriesOrThrow());
        }
        List<String> after = lines(dir);
        assertEquals(before, after.subList(0, 2), "the older lines are left byte for byte");
        assertTrue(after.get(2).contains("\"prev\":\"" + sha256(before.get(1)) + "\""), after.get(2));
        ChainCheck.Result<ProjectCommand> r = new ChainCheck<>(CommandCodec.PROJECT).check(after,
                new ChainCheck.Head(1, 3, Chain.hash(after.get(2))));
        assertEquals(List.of(), r.findings());
        assertEquals(3L, r.firstChained());
    }

    @Test
    void aChangedByteNamesItsEntryWhetherOrNotItsChecksumWasMadeAgain(@TempDir Path dir) throws Exception {
        List<String> lines = fiveEntries(dir);
        List<String> changed = new ArrayList<>(lines);
        changed.set(2, lines.get(2).replace("\"task_id\":\"t3\"", "\"task_id\":\"t8\""));
        assertEquals(List.of("entry 3 was changed: it no longer hashes to what entry 4 recorded before it; its checksum "
                + "does not match its content (a changed byte)"), check(changed, lines));
        // a forger who also makes the checksum again is still named: the chain does not follow
        changed.set(2, withChecksum(changed.get(2)));
        assertEquals(List.of("entry 3 was changed: it no longer hashes to what entry 4 recorded before it"),
                check(changed, lines));
        // the last entry is vouched for by the signed head
        List<String> last = new ArrayList<>(lines);
        last.set(4, withChecksum(lines.get(4).replace("\"actor\":\"ann\"", "\"actor\":\"bob\"")));
        assertEquals(List.of("entry 5 was changed: it no longer hashes to the signed head"), check(last, lines));
    }

    @Test
    void aRemovedEntryIsNamedAndSoIsTheLastOne(@TempDir Path dir) throws Exception {
        List<String> lines = fiveEntries(dir);
        List<String> without3 = new ArrayList<>(lines);
        without3.remove(2);
        assertEquals(List.of("entry 3 is missing: entry 4 was written after it"), check(without3, lines));
        assertEquals(List.of("entry 5 is missing: the signed head is entry 5"), check(lines.subList(0, 4), lines));
        assertEquals(List.of("entry 1 is missing: entry 2 was written after it"), check(lines.subList(1, 5), lines));
    }

    @Test
    void swappedEntriesAreNamedOutOfPlace(@TempDir Path dir) throws Exception {
        List<String> lines = fiveEntries(dir);
        // 1 2 4 3 5: the longest rising run is 1 2 3 5, so entry 4 is the one moved
        List<String> swapped = new ArrayList<>(List.of(lines.get(0), lines.get(1), lines.get(3), lines.get(2),
                lines.get(4)));
        assertEquals(List.of("entry 4 is out of place: it was written right after entry 3, but the export has it after "
                + "entry 2"), check(swapped, lines));
    }

    @Test
    void anEntryTwiceAnEntryBeyondTheHeadAndAChainTakenOutAreNamed(@TempDir Path dir) throws Exception {
        List<String> lines = fiveEntries(dir);
        List<String> twice = new ArrayList<>(lines);
        twice.add(4, lines.get(2));
        assertEquals(List.of("entry 3 is there twice: the line at position 5 is not the one the chain recorded"),
                check(twice, lines));
        List<String> six = new ArrayList<>(lines);
        six.add(CommandCodec.PROJECT.toLine(entry(6), Chain.hash(lines.get(4))));
        assertEquals(List.of("entry 6 is beyond the signed head, entry 5: nothing vouches for it"), check(six, lines));
        // entry 4 written again without its chain fields, to pass for an entry of an older journal
        List<String> stripped = new ArrayList<>(lines);
        stripped.set(3, CommandCodec.PROJECT.toLine(entry(4)));
        assertEquals(List.of("entry 4 was changed: it no longer hashes to what entry 5 recorded before it"),
                check(stripped, lines));
    }

    /** The line with its CRC-32C made again over what follows the checksum field, as a forger would. */
    private static String withChecksum(String line) {
        String rest = line.substring("{\"crc\":\"xxxxxxxx\",".length());
        CRC32C crc = new CRC32C();
        crc.update(rest.getBytes(StandardCharsets.UTF_8));
        return "{\"crc\":\"" + HexFormat.of().toHexDigits((int) crc.getValue()) + "\"," + rest;
    }
}
