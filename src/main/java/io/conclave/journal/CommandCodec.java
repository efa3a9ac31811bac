package io.conclave.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.model.Json;
import io.conclave.model.command.Announce;
import io.conclave.model.command.Command;
import io.conclave.model.command.ConversationCommand;
import io.conclave.model.command.CreateConversation;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.Delegate;
import io.conclave.model.command.JoinConversation;
import io.conclave.model.command.JoinMeeting;
import io.conclave.model.command.Leave;
import io.conclave.model.command.LegacyRun;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.RetireAgent;
import io.conclave.model.command.UpdateAgent;
import io.conclave.model.command.ProposeConflictOption;
import io.conclave.model.command.RecordMeetingOutcome;
import io.conclave.model.command.RepairJournal;
import io.conclave.model.command.ReportTask;
import io.conclave.model.command.ResolveConflict;
import io.conclave.model.command.RequestResource;
import io.conclave.model.command.ReleaseResource;
import io.conclave.model.command.RecordWorkElsewhere;
import io.conclave.model.command.RestoreCheckpoint;
import io.conclave.model.command.SaveAgentState;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.command.SendMessage;
import io.conclave.model.command.StartRun;
import io.conclave.model.command.StepRun;
import io.conclave.model.command.StopRun;
import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.TakeSnapshot;
import io.conclave.model.command.Tick;
import io.conclave.model.command.UnpinPolicy;
import io.conclave.model.command.WriteContext;
import io.conclave.model.command.OpenWorkingMemory;
import io.conclave.model.command.StoreMemory;
import io.conclave.model.command.RetrieveMemory;
import io.conclave.model.command.WriteSharedMemory;
import io.conclave.model.command.SaveAgentMind;
import io.conclave.model.command.CheckpointAgent;
import io.conclave.model.command.RestoreAgent;

/**
 * How the commands of one kind of owner are written to and read from a journal line: the entry type is
 * the command's type id, the body its JSON. A line is
 * {@code {"crc":"<8 hex>","seq":..,"prev":..,"type":..,"actor":..,"policy_version":..,"policy_hash":..,
 * "recorded_at":..,"body":..}} (and {@code "key":..} after the body on a follow-up's entry),
 * where the CRC-32C covers every byte after {@code "crc":"..",}: a flipped byte anywhere in the entry is
 * found when the line is read. {@code prev} and {@code policy_hash} are the hash chain ({@link Chain}): the
 * SHA-256 of the line before and of the version's rule files. Lines written before checksums (no {@code crc})
 * and before the chain (no {@code prev}, no {@code policy_hash}) are read as they are.
 *
 * @param <C> the command family
 */
public final class CommandCodec<C extends Command> {
    /** Reading is lenient about fields a later version no longer writes, so every old journal replays. */
    private static final ObjectMapper READER = Json.JOURNAL;
    private static final String CRC_PREFIX = "{\"crc\":\"";
    private static final int CRC_HEAD = CRC_PREFIX.length() + 8 + 2; // {"crc":"xxxxxxxx",

    public static final CommandCodec<ProjectCommand> PROJECT = new CommandCodec<ProjectCommand>("project")
            .type(CreateProject.TYPE, CreateProject.class).type(ReportTask.TYPE, ReportTask.class)
            .type(LegacyRun.TYPE, LegacyRun.class).type(StartRun.TYPE, StartRun.class)
            .type(StepRun.TYPE, StepRun.class).type(StopRun.TYPE, StopRun.class)
            .type(SendInterrupt.TYPE, SendInterrupt.class).type(RestoreCheckpoint.TYPE, RestoreCheckpoint.class)
            .type(RecordMeetingOutcome.TYPE, RecordMeetingOutcome.class)
            .type(ProposeConflictOption.TYPE, ProposeConflictOption.class)
            .type(ResolveConflict.TYPE, ResolveConflict.class).type(PlaceBid.TYPE, PlaceBid.class)
            .type(Announce.TYPE, Announce.class).type(Delegate.TYPE, Delegate.class)
            .type(RegisterAgent.TYPE, RegisterAgent.class).type(UpdateAgent.TYPE, UpdateAgent.class)
            .type(RetireAgent.TYPE, RetireAgent.class).type(ProposeAssignee.TYPE, ProposeAssignee.class)
            .type(Tick.TYPE, Tick.class).type(SwitchPolicy.TYPE, SwitchPolicy.class)
            .type(RepairJournal.TYPE, RepairJournal.class).type(TakeSnapshot.TYPE, TakeSnapshot.class)
            .type(PinPolicy.TYPE, PinPolicy.class).type(UnpinPolicy.TYPE, UnpinPolicy.class)
            .type(RequestResource.TYPE, RequestResource.class).type(ReleaseResource.TYPE, ReleaseResource.class)
            .type(RecordWorkElsewhere.TYPE, RecordWorkElsewhere.class)
            .memory();

    public static final CommandCodec<MeetingCommand> MEETING = new CommandCodec<MeetingCommand>("meeting")
            .type(CreateMeeting.TYPE, CreateMeeting.class).type(JoinMeeting.TYPE, JoinMeeting.class)
            .type(Leave.TYPE, Leave.class).type(PostToMeeting.MESSAGE, PostToMeeting.class)
            .type(PostToMeeting.VOTE, PostToMeeting.class).type(PostToMeeting.STATE, PostToMeeting.class)
            .type(Tick.TYPE, Tick.class).type(SwitchPolicy.TYPE, SwitchPolicy.class)
            .type(RepairJournal.TYPE, RepairJournal.class).type(TakeSnapshot.TYPE, TakeSnapshot.class)
            .sharedAcrossProcesses(true);

    public static final CommandCodec<ConversationCommand> CONVERSATION =
            new CommandCodec<ConversationCommand>("conversation")
                    .type(CreateConversation.TYPE, CreateConversation.class)
                    .type(JoinConversation.TYPE, JoinConversation.class).type(Leave.TYPE, Leave.class)
                    .type(SendMessage.TYPE, SendMessage.class).type(WriteContext.TYPE, WriteContext.class)
                    .type(SaveAgentState.TYPE, SaveAgentState.class)
                    .type(Tick.TYPE, Tick.class).type(SwitchPolicy.TYPE, SwitchPolicy.class)
            .type(RepairJournal.TYPE, RepairJournal.class).type(TakeSnapshot.TYPE, TakeSnapshot.class)
                    .memory();

    private final String owner;
    private final Map<String, Class<? extends C>> types = new LinkedHashMap<>();
    private boolean shared;

    private CommandCodec(String owner) {
        this.owner = owner;
    }

    private CommandCodec<C> sharedAcrossProcesses(boolean shared) {
        this.shared = shared;
        return this;
    }

    /**
     * Whether other processes append to the journals of this kind: a meeting's files are shared with the agents that
     * write to its mailbox under its file lock; a project's and a conversation's journal only its service writes.
     */
    public boolean sharedAcrossProcesses() {
        return shared;
    }

    private CommandCodec<C> type(String type, Class<? extends C> command) {
        types.put(type, command);
        return this;
    }

    /** The memory commands, which projects and conversations both journal. */
    @SuppressWarnings("unchecked") // every memory command is a project and a conversation command
    private CommandCodec<C> memory() {
        return type(OpenWorkingMemory.TYPE, (Class<? extends C>) (Class<?>) OpenWorkingMemory.class)
                .type(StoreMemory.TYPE, (Class<? extends C>) (Class<?>) StoreMemory.class)
                .type(RetrieveMemory.TYPE, (Class<? extends C>) (Class<?>) RetrieveMemory.class)
                .type(WriteSharedMemory.TYPE, (Class<? extends C>) (Class<?>) WriteSharedMemory.class)
                .type(SaveAgentMind.TYPE, (Class<? extends C>) (Class<?>) SaveAgentMind.class)
                .type(CheckpointAgent.TYPE, (Class<? extends C>) (Class<?>) CheckpointAgent.class)
                .type(RestoreAgent.TYPE, (Class<? extends C>) (Class<?>) RestoreAgent.class);
    }

    /** The kind of owner whose journals this codec reads ("project", "meeting", "conversation"). */
    public String owner() {
        return owner;
    }

    /** Every type id with the record it is read as. */
    public Map<String, Class<? extends C>> types() {
        return Map.copyOf(types);
    }

    /** The command a journal body of {@code type} holds. */
    public C decode(String type, JsonNode body) throws JsonProcessingException {
        Class<? extends C> command = types.get(type);
        if (command == null) {
            throw new IllegalArgumentException("a " + owner + " journal holds no entry type '" + type + "'");
        }
        return READER.treeToValue(body == null ? READER.createObjectNode() : body, command);
    }

    /**
     * The line (without its newline) that holds {@code entry} as journals were written before the chain: checksum
     * first, no {@code prev}, no {@code policy_hash}. Journals write {@link #toLine(JournalEntry, String)}; this
     * one writes the older journals that tests replay, and the baseline of the chain's benchmark.
     */
    public String toLine(JournalEntry<C> entry) throws JsonProcessingException {
        return text(toBytes(entry));
    }

    /**
     * The line (without its newline) that holds {@code entry} in a chain: checksum first, then the entry with
     * {@code prev}, the hash of the line before it ({@link Chain#GENESIS} for the first), and its policy's hash.
     */
    public String toLine(JournalEntry<C> entry, String prev) throws JsonProcessingException {
        return text(toBytes(entry, prev));
    }

    /** {@link #toLine(JournalEntry)} as the UTF-8 bytes a file holds, its newline included. */
    public byte[] toBytes(JournalEntry<C> entry) throws JsonProcessingException {
        return line(entry, null);
    }

    /** {@link #toLine(JournalEntry, String)} as the UTF-8 bytes a file holds, its newline included. */
    public byte[] toBytes(JournalEntry<C> entry, String prev) throws JsonProcessingException {
        return line(entry, java.util.Objects.requireNonNull(prev, "prev"));
    }

    private static String text(byte[] line) {
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /** A line made alone, in a buffer of its own ({@link #writeLine}), copied out once. */
    private byte[] line(JournalEntry<C> entry, String prev) throws JsonProcessingException {
        LineBuffer out = new LineBuffer(1024);
        try {
            writeLine(out, entry, prev);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a buffer in memory is not written to a device
        }
        return out.toByteArray();
    }

    /**
     * {@link #toBytes(JournalEntry, String)} (or, {@code prev} null, {@link #toBytes(JournalEntry)}) written into
     * {@code out}, emptied first. The command is written as it is, not through a JSON tree first (a project of 10,000
     * tasks made a 4 MB tree only to write it out), and straight to UTF-8, behind room left for the checksum, which is
     * filled in once the JSON is there: the checksum, the file and the chain's hash read the same bytes, and a journal
     * that keeps its buffer makes no array of its own for a command's line.
     */
    void writeLine(LineBuffer out, JournalEntry<C> entry, String prev) throws IOException {
        Written line = new Written(entry.seq(), prev, entry.type(), entry.actor(), entry.policyVersion(),
                prev == null ? null : entry.policyHash(), entry.recordedAt(), entry.command(), entry.key());
        out.reset();
        for (int i = 1; i < CRC_HEAD; i++) {
            out.write(' '); // the head but its last byte: the JSON's opening brace lands there, and the head covers it
        }
        Json.LINES.writeValue(out, line);
        // the checksum covers everything after the opening brace
        String head = CRC_PREFIX + crc(out.array(), CRC_HEAD, out.size() - CRC_HEAD) + "\",";
        for (int i = 0; i < CRC_HEAD; i++) {
            out.array()[i] = (byte) head.charAt(i);
        }
        out.write('\n');
    }

    /** The entry a line holds; an {@link IOException} says why the line is damaged. */
    public JournalEntry<C> fromLine(String text) throws IOException {
        return chained(text).entry();
    }

    /** An entry with the hash of the line before it, as its line holds them ({@code prev} null before the chain). */
    public record Chained<C extends Command>(JournalEntry<C> entry, String prev) {
    }

    /** The entry a line holds with its {@code prev}; an {@link IOException} says why the line is damaged. */
    public Chained<C> chained(String text) throws IOException {
        String json = text;
        if (text.startsWith(CRC_PREFIX)) {
            if (text.length() < CRC_HEAD || text.charAt(CRC_HEAD - 2) != '"' || text.charAt(CRC_HEAD - 1) != ',') {
                throw new IOException("its checksum field is damaged");
            }
            String rest = text.substring(CRC_HEAD);
            String expected = text.substring(CRC_PREFIX.length(), CRC_PREFIX.length() + 8);
            if (!crc(rest).equals(expected)) {
                throw new IOException("its checksum does not match its content (a changed byte)");
            }
            json = "{" + rest;
        }
        Line line;
        try {
            line = READER.readValue(json, Line.class);
        } catch (JsonProcessingException e) {
            throw new IOException("it is not a journal entry: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (line.type() == null || line.recordedAt() == null) {
            throw new IOException("it lacks its type or its time");
        }
        try {
            return new Chained<>(new JournalEntry<>(line.seq(), line.actor(), line.policyVersion(), line.recordedAt(),
                    decode(line.type(), line.body()), line.key(), line.policyHash()), line.prev());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException("its " + line.type() + " body does not read: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    /** What can be read of a line without decoding its command or checking its checksum. */
    public record Fields(Long seq, String prev, String policyVersion) {
    }

    /**
     * The number, {@code prev} and policy version of a line, read leniently: whether or not its checksum holds and its
     * body reads (what is left of a changed line, or what an export needs of every line); null when it is not JSON.
     */
    public static Fields fields(String text) {
        String json = text.startsWith(CRC_PREFIX) && text.length() >= CRC_HEAD ? "{" + text.substring(CRC_HEAD) : text;
        try {
            JsonNode n = READER.readTree(json);
            if (n == null || !n.isObject()) {
                return null;
            }
            return new Fields(n.path("seq").isIntegralNumber() ? n.get("seq").asLong() : null,
                    n.path("prev").isTextual() ? n.get("prev").asText() : null,
                    n.path("policy_version").isTextual() ? n.get("policy_version").asText() : null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String crc(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return crc(bytes, 0, bytes.length);
    }

    /** The CRC-32C of {@code length} bytes from {@code offset}, as a line's checksum writes it: eight hex digits. */
    private static String crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /**
     * A journal line as {@link #toLine} writes it: {@link Line}'s fields, the body the command itself; {@code prev}
     * and {@code policy_hash} only in a chain, {@code key} only on a follow-up's entry (older lines have none).
     */
    record Written(long seq, @JsonInclude(JsonInclude.Include.NON_NULL) String prev, String type, String actor,
                   String policyVersion, @JsonInclude(JsonInclude.Include.NON_NULL) String policyHash,
                   Instant recordedAt, Object body, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
    }

    record Line(long seq, String prev, String type, String actor, String policyVersion, String policyHash,
                Instant recordedAt, JsonNode body, String key) {
    }
}
