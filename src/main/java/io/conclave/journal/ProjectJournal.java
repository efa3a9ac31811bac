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

import org.jboss.logging.Logger;

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

    public ProjectJournal(Path folder) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
    }

    public Path folder() {
        return folder;
    }

    public boolean exists() {
        return Files.exists(file);
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
                    entries.add(Json.MAPPER.readValue(line, JournalEntry.class));
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            LOG.warnf("journal %s ends with an incomplete entry of %d bytes; it is ignored", file, bytes.length - start);
        }
        return entries;
    }

    /** Appends one entry and forces it to disk before returning. */
    public synchronized void append(JournalEntry entry) throws IOException {
        if (channel == null) {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.truncate(lastCompleteLineEnd());
            channel.position(channel.size());
        }
        byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
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

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
