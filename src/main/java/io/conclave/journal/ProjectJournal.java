package io.conclave.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.conclave.model.Ids;
import io.conclave.model.Json;

/**
 * The append-only journal of one project: one JSON line per accepted command in
 * {@code <data>/projects/<project_id>/journal.jsonl}. {@link #append} returns only once the line is
 * forced to disk. A torn last line (a crash mid-write) is ignored on reading and cut off before the
 * next append.
 */
public final class ProjectJournal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProjectJournal.class);
    private static final String FILE = "journal.jsonl";

    private final Path folder;
    private final Path file;
    private FileChannel channel;
    private boolean closed;

    public ProjectJournal(Path folder) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
    }

    /**
     * The owners (projects, meetings, conversations) kept under {@code root}: the names of its folders
     * that are valid ids and hold a journal, sorted. None when {@code root} does not exist.
     */
    public static List<String> owners(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(id -> Ids.isValid(id) && Files.exists(root.resolve(id).resolve(FILE)))
                    .sorted().toList();
        }
    }

    public Path folder() {
        return folder;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The size of the journal file in bytes (0 when absent): a cheap way to see whether another process wrote. */
    public long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** Every complete entry, in order. */
    public List<JournalEntry> readAll() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    entries.add(Json.JOURNAL.readValue(line, JournalEntry.class));
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            LOG.warnf("journal %s ends with an incomplete entry of %d bytes; it is ignored", file, bytes.length - start);
        }
        return entries;
    }

    /**
     * Appends one entry and forces it to disk before returning. When the write or the force fails, the
     * file is cut back to where it was (best effort) and the channel is closed, so the next append
     * starts again from the last complete line and never writes after torn bytes.
     */
    public synchronized void append(JournalEntry entry) throws IOException {
        if (closed) {
            throw new IOException("journal " + file + " is closed");
        }
        if (channel == null) {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.truncate(lastCompleteLineEnd());
            channel.position(channel.size());
        }
        byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        // another process holding the meeting's file lock may have appended since our last write
        channel.position(channel.size());
        long before = channel.position();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.force(false);
            } catch (IOException ignored) {
                // the torn tail is cut off when the channel is opened again
            }
            channel.close();
            channel = null;
            throw e;
        }
    }

    private long lastCompleteLineEnd() throws IOException {
        long size = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            channel.read(one, pos);
            if (one.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    /** Removes the journal file and its folder if nothing complete was ever written (a failed creation). */
    public synchronized void discardEmpty() {
        try {
            close();
            if (!Files.exists(file) || readAll().isEmpty()) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            LOG.warnf("could not remove the empty journal %s: %s", file, e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
