package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.conclave.model.TaskEvent;
import io.conclave.model.command.Command;
import io.conclave.model.command.ConversationCommand;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.SendMessage;
import io.conclave.model.command.StepRun;

/** The journal line format: every command has its type id, lines carry a checksum, old lines still read. */
class CommandCodecTest {

    @Test
    void everyCommandOfAFamilyHasATypeInItsCodec() {
        assertFamilyCovered(ProjectCommand.class, CommandCodec.PROJECT);
        assertFamilyCovered(MeetingCommand.class, CommandCodec.MEETING);
        assertFamilyCovered(ConversationCommand.class, CommandCodec.CONVERSATION);
    }

    /**
     * The sealed family's records are exactly the classes its codec reads (a new command cannot be forgotten); a
     * sealed family inside it (the memory commands, which projects and conversations share) counts by its records.
     */
    private static void assertFamilyCovered(Class<? extends Command> family, CommandCodec<?> codec) {
        assertEquals(records(family), new HashSet<>(codec.types().values()), family.getSimpleName());
    }

    private static Set<Class<?>> records(Class<?> type) {
        Set<Class<?>> out = new HashSet<>();
        for (Class<?> c : type.getPermittedSubclasses()) {
            if (c.isSealed()) {
                out.addAll(records(c));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void aLineReadsBackAsTheSameTypedEntry() throws IOException {
        JournalEntry<ProjectCommand> bid = new JournalEntry<>(7, "ann", "v1", Instant.parse("2026-01-02T03:04:05Z"),
                new PlaceBid("t", "ann", 12.5, 0.8, null));
        JournalEntry<ProjectCommand> back = CommandCodec.PROJECT.fromLine(CommandCodec.PROJECT.toLine(bid));
        assertEquals(bid, back);
        assertEquals("bid", back.type());
        // a meeting message is journaled under its message type: vote, state or message
        PostToMeeting vote = new PostToMeeting(null, null, "bob", "vote", "p1", null, null, null, null, null, "yes",
                null, null, null, null, null);
        String line = CommandCodec.MEETING.toLine(new JournalEntry<>(3, "bob", "v1", Instant.EPOCH, vote));
        assertTrue(line.contains("\"type\":\"vote\""), line);
        assertEquals(vote, CommandCodec.MEETING.fromLine(line).command());
    }

    @Test
    void aChangedByteAnywhereInTheLineIsFound() throws IOException {
        String line = CommandCodec.PROJECT.toLine(new JournalEntry<>(2, "ann", "v1", Instant.EPOCH,
                new ReportTask(TaskEvent.Kind.COMPLETE, "t1", "ann", null)));
        // "t1" -> "t2": still valid JSON naming another task, which only the checksum can tell
        String changed = line.replace("\"t1\"", "\"t2\"");
        IOException e = assertThrows(IOException.class, () -> CommandCodec.PROJECT.fromLine(changed));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        String cut = line.substring(0, line.length() - 3);
        assertThrows(IOException.class, () -> CommandCodec.PROJECT.fromLine(cut));
    }

    /**
     * A line is written as UTF-8 bytes straight from the command. A character outside the basic plane keeps its four
     * bytes (Jackson's UTF-8 writer would make it two escapes unless told otherwise). A lone surrogate, which has no
     * UTF-8, is written as its escape: the text made first and then encoded had made it a '?', so the journal replayed
     * another text than the one accepted (REST bodies refuse such text; a project file read from disk does not).
     */
    @Test
    void textOutsideTheBasicPlaneAndALoneSurrogateReadBackAsTheyWereSent() throws IOException {
        SendMessage sent = new SendMessage("u", "launch \uD83D\uDE80, then a lone \uD800 half", List.of(), null, null,
                null, false);
        JournalEntry<ConversationCommand> entry = new JournalEntry<>(2, "u", "v1", Instant.EPOCH, sent);
        byte[] bytes = CommandCodec.CONVERSATION.toBytes(entry, Chain.GENESIS);
        assertEquals('\n', bytes[bytes.length - 1]);
        String line = new String(bytes, 0, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(line, CommandCodec.CONVERSATION.toLine(entry, Chain.GENESIS));
        assertTrue(line.contains("launch \uD83D\uDE80,"), line);
        assertTrue(line.contains("a lone \\uD800 half"), line);
        assertEquals(sent, CommandCodec.CONVERSATION.fromLine(line).command());
    }

    /**
     * A journal writes each line into a buffer it keeps ({@code writeLine}): whatever the buffer held before (a longer
     * line, a shorter one), the line is the one made alone, and its form is checked here by hand: {@code {"crc":"}, the
     * CRC-32C of everything after the head as eight hex digits, {@code ",}, the entry's JSON without its opening brace,
     * a newline; the chain's {@code prev} only when given, and the line reads back as the entry.
     */
    @Test
    void aLineWrittenIntoAKeptBufferIsTheLineMadeAlone() throws IOException {
        LineBuffer kept = new LineBuffer(16); // smaller than any line: it grows
        List<JournalEntry<ConversationCommand>> entries = List.of(
                new JournalEntry<>(2, "u", "v1", Instant.EPOCH, new SendMessage("u", "a long message \uD83D\uDE80 "
                        .repeat(40), List.of("t"), "bob", null, null, false), null, "hash-of-the-policy"),
                new JournalEntry<>(3, "u", "v1", Instant.parse("2026-01-02T03:04:05Z"), new SendMessage("u", "hi",
                        List.of(), null, null, null, false)),
                new JournalEntry<>(4, "bob", "v2", Instant.EPOCH, new SendMessage("bob", "a lone \uD800 half",
                        List.of(), null, null, null, false), "a-key", null));
        for (JournalEntry<ConversationCommand> e : entries) {
            for (String prev : java.util.Arrays.asList(null, Chain.GENESIS, "0123abcd")) {
                byte[] alone = prev == null ? CommandCodec.CONVERSATION.toBytes(e) : CommandCodec.CONVERSATION.toBytes(e, prev);
                CommandCodec.CONVERSATION.writeLine(kept, e, prev);
                byte[] written = java.util.Arrays.copyOf(kept.array(), kept.size());
                assertTrue(java.util.Arrays.equals(alone, written), new String(written, java.nio.charset.StandardCharsets.UTF_8));

                String line = new String(written, 0, written.length - 1, java.nio.charset.StandardCharsets.UTF_8);
                assertEquals('\n', written[written.length - 1]);
                assertTrue(line.startsWith("{\"crc\":\""), line);
                assertEquals("\",", line.substring(16, 18), line);
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(written, 18, written.length - 19);
                assertEquals(String.format("%08x", crc.getValue()), line.substring(8, 16), "the checksum of what follows");
                assertEquals(prev != null, line.contains("\"prev\":\"" + prev + "\""), line);
                assertTrue(line.contains("\"seq\":" + e.seq()), line);
                assertEquals(e.command(), CommandCodec.CONVERSATION.fromLine(line).command(), "it reads back");
            }
        }
    }

    @Test
    void linesWrittenBeforeChecksumsAndTypedCommandsStillRead() throws IOException {
        // as the previous version wrote them: no checksum, the run step's live marker resolved, a conversation
        // message with the number, time and responders it had when stored
        JournalEntry<ProjectCommand> step = CommandCodec.PROJECT.fromLine("""
                {"seq":4,"type":"run_step","actor":"conclave","policy_version":"v0","recorded_at":"2025-05-01T10:00:00Z",\
                "body":{"run_id":"run-1","events":17}}""");
        assertEquals(new StepRun("run-1", 17), step.command());
        JournalEntry<ConversationCommand> message = CommandCodec.CONVERSATION.fromLine("""
                {"seq":3,"type":"message","actor":"u","policy_version":"v0","recorded_at":"2025-05-01T10:00:00Z",\
                "body":{"seq":1,"at":"2025-05-01T10:00:00Z","sender":"u","content":"hi","topics":["db"],\
                "suggested_next":null,"handoff_to":null,"stance":null,"final":false,"responders":["a"]}}""");
        assertEquals(new SendMessage("u", "hi", List.of("db"), null, null, null, false), message.command());
    }

    @Test
    void aTypeAnotherFamilyOwnsIsNotReadIntoThisOne() {
        IOException e = assertThrows(IOException.class, () -> CommandCodec.MEETING.fromLine(
                "{\"seq\":2,\"type\":\"bid\",\"actor\":\"a\",\"policy_version\":\"v\",\"recorded_at\":\"2025-01-01T00:00:00Z\","
                        + "\"body\":{}}"));
        assertTrue(e.getMessage().contains("holds no entry type 'bid'"), e.getMessage());
    }
}
