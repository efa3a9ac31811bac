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
import io.conclave.model.command.Command;

/**
 * A journal in a file, {@code <folder>/journal.jsonl}: one JSON line per entry, with its checksum
 * ({@link CommandCodec}). {@link #append} returns only once the line is forced to disk. A torn last line
 * (a crash mid-write: no newline) is ignored on reading and cut off before the next append; any other
 * damage (a line that does not read, a checksum that does not match, a missing entry) ends the read there.
 *
 * @param <C> the command family of the owner's kind
 */
public final class FileJournal<C extends Command> implements Journal<C> {
    private static final Logger LOG = Logger.getLogger(FileJournal.class);
    /** The file name of a journal in its owner's folder. */
    public static final String FILE = "journal.jsonl";

    /** Told how long each force to disk took (metrics); nothing by default. */
    private static volatile ForceObserver forces = (folder, nanos) -> { };

    private final Path folder;
    private final Path file;
    private final CommandCodec<C> codec;
    private FileChannel channel;
    private boolean closed;

    public FileJournal(Path folder, CommandCodec<C> codec) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
        this.codec = codec;
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

    /** Told of every force of a journal to disk: the journal's folder and how long the force took. */
    public interface ForceObserver {
        void forced(Path folder, long nanos);
    }

    /** Sets who is told of every force of every journal (metrics; the last one set). */
    public static void observeForces(ForceObserver observer) {
        forces = observer;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public String location() {
        return file.toString();
    }

    public boolean exists() {
        return Files.exists(file);
    }

    @Override
    public long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    @Override
    public Read<C> read() throws IOException {
        List<JournalEntry<C>> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Read<>(entries, null);
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        long line = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            line++;
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            if (text.isBlank()) {
                continue;
            }
            JournalEntry<C> entry;
            try {
                entry = codec.fromLine(text);
            } catch (IOException e) {
                return new Read<>(entries, new Damage(location(), line, e.getMessage()));
            }
            long expected = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seq() + 1;
            if (entry.seq() != expected) {
                return new Read<>(entries, new Damage(location(), line, "it is entry " + entry.seq()
                        + " where entry " + expected + " belongs (an entry is missing or out of place)"));
            }
            entries.add(entry);
        }
        if (start < bytes.length) {
            LOG.warnf("journal %s ends with an incomplete entry of %d bytes; it is ignored", file, bytes.length - start);
        }
        return new Read<>(entries, null);
    }

    /**
     * Appends one entry and forces it to disk before returning. When the write or the force fails, the
     * file is cut back to where it was (best effort) and the channel is closed, so the next append
     * starts again from the last complete line and never writes after torn bytes.
     */
    @Override
    public synchronized void append(JournalEntry<C> entry) throws IOException {
        if (closed) {
            throw new IOException("journal " + file + " is closed");
        }
        if (channel == null && !Files.exists(file)) {
            // the first entry (the creation) appears whole or not at all: a crash leaves no half-made owner
            long forcing = System.nanoTime();
            AtomicFiles.create(file, codec.toLine(entry) + "\n");
            forces.forced(folder, System.nanoTime() - forcing);
            return;
        }
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.truncate(lastCompleteLineEnd());
            channel.position(channel.size());
        }
        byte[] line = (codec.toLine(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        // another process holding the meeting's file lock may have appended since our last write
        channel.position(channel.size());
        long before = channel.position();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            long forcing = System.nanoTime();
            channel.force(false);
            forces.forced(folder, System.nanoTime() - forcing);
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

    @Override
    public synchronized String setAside(Damage damage) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long line = 1;
        int cut = 0;
        while (line < damage.entry() && cut < bytes.length) {
            if (bytes[cut++] == '\n') {
                line++;
            }
        }
        Path kept = folder.resolve(FILE + ".damaged-" + System.currentTimeMillis());
        Files.write(kept, java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
        close();
        closed = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
            ch.force(true);
        }
        return kept.toString();
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
        closed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
