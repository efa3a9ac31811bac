package io.conclave.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.conclave.model.Json;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.meeting.MeetingMessage;

/**
 * the meeting mailbox of one meeting on disk, {@code <data>/meetings/<meeting_id>/}:
 * {@code manifest.json}, {@code agenda.json}, {@code participants.json} and
 * {@code messages/msg_<timestamp>_<agent_id>_<type>.json}, every file written atomically. Next to
 * them the meeting's command journal ({@code journal.jsonl}, the truth a restart replays) and
 * {@code .lock}, the file lock that serialises writers of this meeting across processes.
 */
public final class MeetingMailbox implements AutoCloseable {
    /**
     * The timestamp part of a message file name: the UTC instant to the millisecond, then the
     * meeting's message number, so names are unique and sort in posting order.
     */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Journal<MeetingCommand> journal;
    /** What this process last wrote to each state file, by name (written under the meeting's lock). */
    private final java.util.Map<String, String> lastWritten = new java.util.HashMap<>();
    private FileChannel lockChannel;

    public MeetingMailbox(Path folder) {
        this(folder, new FileJournal<>(folder, CommandCodec.MEETING));
    }

    /** The mailbox files in {@code folder}, the journal wherever the meetings' journals are. */
    public MeetingMailbox(Path folder, Journal<MeetingCommand> journal) {
        this.folder = folder;
        this.journal = journal;
    }

    /**
     * A mailbox without files around {@code journal}: a scratch copy of a meeting (a why-not replay) writes no message
     * file and takes no file lock.
     */
    public static MeetingMailbox inMemory(Journal<MeetingCommand> journal) {
        return new MeetingMailbox(null, journal);
    }

    /** The mailbox's folder, null for one {@link #inMemory}. */
    public Path folder() { return folder; }
    public Journal<MeetingCommand> journal() { return journal; }

    /**
     * Takes this meeting's file lock, waiting for another process that holds it. Callers in one process
     * serialise on their own lock first: a file lock is held per process, not per thread.
     */
    public FileLock lock() throws IOException {
        if (folder == null) {
            throw new IOException("a mailbox in memory has no file lock: nothing else writes its meeting");
        }
        if (lockChannel == null) {
            Files.createDirectories(folder);
            lockChannel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return lockChannel.lock();
    }

    /**
     * Forgets what this process wrote: the next {@link #writeState} rewrites every state file (after entries another
     * process journaled were applied: it wrote the files, or died before it did).
     */
    public void forgetWritten() {
        lastWritten.clear();
    }

    /** The file name of a message. */
    public static String fileName(MeetingMessage m) {
        String seq = Long.toString(m.seq());
        return "msg_" + STAMP.format(m.timestampUtc()) + "-" + "0".repeat(Math.max(0, 6 - seq.length())) + seq + "_"
                + m.agentId() + "_" + m.messageType() + ".json";
    }

    /** Writes a message file unless it is there already (a replay writes only what is missing). */
    public void writeMessage(MeetingMessage m) throws IOException {
        if (folder == null) {
            return;
        }
        Path file = folder.resolve("messages").resolve(fileName(m));
        if (!Files.exists(file)) {
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
        }
    }

    /** Rewrites manifest.json, participants.json and agenda.json from their current content. */
    public void writeState(Object manifest, Object participants, Object agenda) throws IOException {
        if (folder == null) {
            return;
        }
        write("manifest.json", manifest);
        write("participants.json", participants);
        write("agenda.json", agenda);
    }

    /**
     * Rewrites a state file unless it holds what this process wrote last (each rewrite is a forced file and a rename):
     * a comment changes the manifest's count, seldom the participants or the agenda. Another process's writes are
     * not missed: it writes under the meeting's file lock, and the next command here first applies its entries and
     * rewrites every file ({@link #forgetWritten}).
     */
    private void write(String name, Object content) throws IOException {
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n";
        if (text.equals(lastWritten.get(name))) {
            return;
        }
        lastWritten.remove(name); // unknown if the write fails half way
        AtomicFiles.write(folder.resolve(name), text);
        lastWritten.put(name, text);
    }

    /** The message files in name order, for tools and tests that read the mailbox as file-based meeting agents would. */
    public List<Path> messageFiles() throws IOException {
        if (folder == null) {
            return List.of();
        }
        Path dir = folder.resolve("messages");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("msg_")).sorted().toList());
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
        if (lockChannel != null) {
            lockChannel.close();
            lockChannel = null;
        }
    }
}
