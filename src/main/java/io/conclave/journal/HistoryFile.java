package io.conclave.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.conclave.model.Json;

/**
 * What an owner let go of its memory but may be asked for again (a conversation's older messages and decisions),
 * one JSON line per item, item n on line n. Derived from the journal, not a second source of truth: lines are
 * appended once the journal entry that made them is durable, without a force of their own; a crash may lose the
 * tail, which the owner's replay writes again ({@link #count} says where it stops), and a torn last line is cut off
 * when the file is opened. Reading a page seeks to the nearest of the positions kept every {@value #EVERY} lines,
 * so a read costs the page, not the file, and the positions kept are 1/{@value #EVERY} of the lines.
 *
 * <p>Since a crash may lose the tail anyway, lines are held in memory and written {@value #PENDING_LINES} at a
 * time (one write where there were as many, on a path that writes a line to each of two files per turn decision),
 * and before any read, cut or close ({@link #flush}): a reader always sees every line counted.
 */
public final class HistoryFile implements AutoCloseable {
    static final int EVERY = 256;
    /** Lines held before they are written. */
    static final int PENDING_LINES = 16;

    private final Path file;
    /** Where line {@code i * EVERY} starts (0-based lines), counting the lines held as if written. */
    private long[] marks = new long[16];
    /** Lines in the file and held. */
    private long count;
    /** Bytes in the file (the lines held come after them). */
    private long size;
    /**
     * The lines counted but not written yet, each with its newline. The buffer is kept from one batch to the next
     * (a conversation's batches are alike: it is not grown, and copied, a line at a time), unless a batch made it
     * larger than {@link LineBuffer#KEPT}; closing lets it go, so an owner that sleeps holds none. Null before the
     * first line and after a close.
     */
    private LineBuffer pending;
    private int pendingLines;
    /** The bytes the last batch held: a new buffer starts that large. */
    private int lastBatch = 1024;
    private FileChannel channel;

    /** Opens (or starts) the file, cutting off a torn last line. */
    public HistoryFile(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            scan();
        }
    }

    private void scan() throws IOException {
        long pos = 0;
        long lastEnd = 0;
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        if (lines % EVERY == 0) {
                            mark(lines, lastEnd);
                        }
                        lines++;
                        lastEnd = pos + i + 1;
                    }
                }
                pos += n;
            }
        }
        count = lines;
        size = lastEnd;
        if (pos > lastEnd) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(lastEnd);
            }
        }
    }

    private void mark(long line, long at) {
        int i = (int) (line / EVERY);
        if (i >= marks.length) {
            marks = Arrays.copyOf(marks, Math.max(i + 1, marks.length * 2));
        }
        marks[i] = at;
    }

    /** How many lines the history has: those in the file and those held to be written with the next ones. */
    public synchronized long count() {
        return count;
    }

    /**
     * Appends one line for each item, its JSON ({@link Json#LINES}) written straight into the lines held (no text of
     * the line is made on the way), after the last one; written with the lines held before them once
     * {@value #PENDING_LINES} are held; no force: the journal is what is durable.
     */
    public synchronized void append(List<?> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        if (pending == null) {
            pending = new LineBuffer(lastBatch);
        }
        long line = count;
        int before = pending.size();
        try {
            for (Object item : items) {
                if (line % EVERY == 0) {
                    mark(line, size + pending.size());
                }
                Json.LINES.writeValue(pending, item);
                pending.write('\n');
                line++;
            }
        } catch (IOException | RuntimeException e) {
            pending.cut(before); // none of these lines counted: none of their bytes held (an item half written)
            throw e;
        }
        count = line;
        pendingLines += items.size();
        if (pendingLines >= PENDING_LINES) {
            flush();
        }
    }

    /** Writes the lines held, at the end of the file's lines (over whatever a failed write left after them). */
    public synchronized void flush() throws IOException {
        if (pending == null || pending.size() == 0) {
            return;
        }
        if (channel == null) {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(size);
        }
        ByteBuffer buffer = pending.bytes();
        long at = size;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        size = at;
        lastBatch = Math.max(1024, buffer.limit() + buffer.limit() / 8);
        pendingLines = 0;
        if (pending.worthKeeping()) {
            pending.reset();
        } else {
            pending = null; // the next batch starts one of lastBatch bytes
        }
    }

    /** Keeps the first {@code lines} lines only (the journal was cut back: a repair set entries aside). */
    public synchronized void truncate(long lines) throws IOException {
        if (lines >= count) {
            return;
        }
        flush();
        long at = lines == 0 ? 0 : offsetOf(lines);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(at);
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
        size = at;
        count = lines;
    }

    /** Where line {@code line} (0-based, below the count) starts. */
    private long offsetOf(long line) throws IOException {
        long at = marks[(int) (line / EVERY)];
        long skip = line % EVERY;
        if (skip == 0) {
            return at;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(at);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            byte[] bytes = buf.array();
            long pos = at;
            while (ch.read(buf) > 0) {
                for (int i = 0, end = buf.position(); i < end; i++) {
                    if (bytes[i] == '\n' && --skip == 0) {
                        return pos + i + 1;
                    }
                }
                pos += buf.position();
                buf.clear();
            }
        }
        throw new IOException(file + " has fewer lines than it counted");
    }

    /** Up to {@code limit} lines from line {@code from} (0-based), in order. */
    public synchronized List<String> read(long from, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        if (from >= count || limit <= 0) {
            return out;
        }
        flush();
        long at = offsetOf(from);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(at);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            byte[] bytes = buf.array();
            // a line that goes on past what one read gave
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            long pos = at;
            while (out.size() < limit && pos < size && ch.read(buf) > 0) {
                int end = (int) Math.min(buf.position(), size - pos); // bytes past the size are not counted yet
                int start = 0;
                for (int i = 0; i < end && out.size() < limit; i++) {
                    if (bytes[i] == '\n') {
                        if (part.size() == 0) {
                            out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                        } else {
                            part.write(bytes, start, i - start);
                            out.add(part.toString(StandardCharsets.UTF_8));
                            part.reset();
                        }
                        start = i + 1;
                    }
                }
                part.write(bytes, start, end - start);
                pos += end;
                buf.clear();
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            flush();
            pending = null;
        } finally {
            closeChannel();
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
