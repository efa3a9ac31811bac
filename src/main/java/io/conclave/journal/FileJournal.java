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
 * ({@link CommandCodec}) and the hash of the line before it ({@link Chain}: the last line of the file when the entry
 * is appended, whoever wrote it). {@link #append} returns only once the line is forced to disk. A torn last line
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
    /** The buffer the last line was written from, kept for the next (under this journal's lock); none once closed. */
    private LineBuffer lineBuffer;
    private boolean closed;
    /** Where the last entry appended here starts in the file, and its number: a snapshot's marker is found there. */
    private long lastStart = -1;
    private long lastSeq = -1;
    /** Whether lines carry the chain ({@link #unchained} writes them as before it). */
    private final boolean chained;
    /** The hash of the file's last line, and the file's length when it was its last line (-1: not known). */
    private String lastHash;
    private long hashedEnd = -1;
    /**
     * Whether other processes append to this file too (a meeting's journal, under the meeting's file lock): its length
     * is read before each line. A journal only this process writes knows where its file ends ({@link #end}), as a
     * history file does, and spares each line the two calls to the system.
     */
    private final boolean shared;
    /** The file's length after the last line this journal wrote, while its channel stays open; -1: read it. */
    private long end = -1;

    public FileJournal(Path folder, CommandCodec<C> codec) {
        this(folder, codec, true);
    }

    private FileJournal(Path folder, CommandCodec<C> codec, boolean chained) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
        this.codec = codec;
        this.chained = chained;
        this.shared = codec == null || codec.sharedAcrossProcesses();
    }

    /**
     * A journal that writes its lines as journals were written before the chain (no {@code prev}, no {@code
     * policy_hash}): what the chain's benchmark measures against, and how tests make a journal of an older version.
     * The service never writes one.
     */
    public static <C extends Command> FileJournal<C> unchained(Path folder, CommandCodec<C> codec) {
        return new FileJournal<>(folder, codec, false);
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
        return readLines(Files.readAllBytes(file), 0, 0, 1);
    }

    /**
     * The entries of {@code bytes} from index {@code start} on, the first expected to be entry {@code firstSeq} on
     * line {@code line + 1}, up to the first damaged one.
     */
    private Read<C> readLines(byte[] bytes, int start, long line, long firstSeq) {
        List<JournalEntry<C>> entries = new ArrayList<>();
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
            long expected = entries.isEmpty() ? firstSeq : entries.get(entries.size() - 1).seq() + 1;
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
            byte[] line = chained ? codec.toBytes(entry, Chain.GENESIS) : codec.toBytes(entry);
            long forcing = System.nanoTime();
            AtomicFiles.create(file, line);
            forces.forced(folder, System.nanoTime() - forcing);
            lastStart = 0;
            lastSeq = entry.seq();
            lastHash = chained ? Chain.hash(line, 0, line.length - 1) : null;
            hashedEnd = line.length;
            return;
        }
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.truncate(lastCompleteLineEnd());
            end = -1;
        }
        long before = end;
        if (shared || before < 0) {
            // another process holding the meeting's file lock may have appended since our last write
            before = channel.size();
            channel.position(before);
        }
        if (chained && before != hashedEnd) {
            lastHash = before == 0 ? Chain.GENESIS : lastLineHash(before);
        }
        LineBuffer out = LineBuffer.emptied(lineBuffer, 1024);
        codec.writeLine(out, entry, chained ? java.util.Objects.requireNonNull(lastHash, "prev") : null);
        // kept for the next line unless this one grew it past what is worth keeping (a large project's creation)
        lineBuffer = out.worthKeeping() ? out : null;
        try {
            ByteBuffer buffer = out.bytes();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            forces.forced(folder, DiskForces.force(channel, false));
            lastStart = before;
            lastSeq = entry.seq();
            end = before + out.size();
            if (chained) {
                lastHash = Chain.hash(out.array(), 0, out.size() - 1);
                hashedEnd = before + out.size();
            }
        } catch (IOException e) {
            hashedEnd = -1;
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

    /**
     * The hash of the last line of the file, which is {@code end} bytes long and ends with a newline (its torn tail
     * was cut off): read back from the end, a block at a time.
     */
    private String lastLineHash(long end) throws IOException {
        long lineEnd = end - 1; // the newline of the last line
        ByteBuffer block = ByteBuffer.allocate(8192);
        long pos = lineEnd;
        long start = 0;
        search:
        while (pos > 0) {
            int n = (int) Math.min(block.capacity(), pos);
            block.clear().limit(n);
            channel.read(block, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    start = pos - n + i + 1;
                    break search;
                }
            }
            pos -= n;
        }
        byte[] text = new byte[(int) (lineEnd - start)];
        ByteBuffer into = ByteBuffer.wrap(text);
        while (into.hasRemaining()) {
            if (channel.read(into, start + into.position()) < 0) {
                throw new IOException("journal " + file + " ended while its last line was read");
            }
        }
        return Chain.hash(text, 0, text.length);
    }

    /**
     * Every complete line of the file as it is stored, in order (blank lines and a torn last line left out): the
     * whole journal from its creation, whatever snapshots were taken.
     */
    @Override
    public Stored stored() throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    if (!text.isBlank()) {
                        lines.add(text);
                    }
                    start = i + 1;
                }
            }
        }
        return new Stored(lines, null);
    }

    // ------------------------------------------------------------------ snapshots

    /** The prefix of a snapshot file's name: {@code snapshot-<seq>.json}. */
    public static final String SNAPSHOT = "snapshot-";
    /** How many snapshot files are kept: the newest, and one to fall back on when it is damaged. */
    private static final int KEPT_SNAPSHOTS = 2;

    /**
     * Writes {@code snapshot-<seq>.json} beside the journal (atomically): a first line with the marker's seq, its
     * byte offset in the journal, the state's digest and CRC-32C, then the state. Older snapshots beyond the
     * newest two are removed.
     */
    @Override
    public synchronized void saveSnapshot(Snapshot snapshot) throws IOException {
        if (snapshot.seq() != lastSeq) {
            throw new IOException("entry " + snapshot.seq() + " is not the last one appended to " + file);
        }
        ObjectHead head = new ObjectHead(snapshot.seq(), lastStart, snapshot.digest(), crc(snapshot.state()));
        AtomicFiles.write(folder.resolve(SNAPSHOT + snapshot.seq() + ".json"),
                io.conclave.model.Json.MAPPER.writeValueAsString(head) + "\n" + snapshot.state());
        List<Path> all = snapshots();
        for (Path old : all.subList(Math.min(KEPT_SNAPSHOTS, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** The first line of a snapshot file. */
    record ObjectHead(long seq, long offset, String digest, String crc) {
    }

    /** The snapshot files, newest first. */
    private List<Path> snapshots() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot-\\d+\\.json"))
                    .sorted(java.util.Comparator.comparingLong((Path p) -> Long.parseLong(p.getFileName().toString()
                            .replaceAll("\\D", ""))).reversed()).toList();
        }
    }

    /**
     * The newest snapshot that reads, whose state matches its CRC and whose marker is in the journal where it
     * says, with the journal from that marker on; a snapshot that fails any of these is passed over (logged) for
     * the one before, and without one every entry is read.
     */
    @Override
    public Start<C> start() throws IOException {
        if (!Files.exists(file)) {
            return new Start<>(null, read());
        }
        for (Path p : snapshots()) {
            try {
                String text = Files.readString(p);
                int cut = text.indexOf('\n');
                if (cut < 0) {
                    throw new IOException("it has no state");
                }
                ObjectHead head = io.conclave.model.Json.JOURNAL.readValue(text.substring(0, cut), ObjectHead.class);
                String state = text.substring(cut + 1);
                if (!crc(state).equals(head.crc())) {
                    throw new IOException("its state does not match its checksum");
                }
                byte[] tail = tailFrom(head);
                Read<C> read = readLines(tail, 0, head.seq() - 1, head.seq());
                if (read.entries().isEmpty() || !(read.entries().get(0).command()
                        instanceof io.conclave.model.command.TakeSnapshot marker) || !head.digest().equals(marker.digest())) {
                    throw new IOException("the journal holds no snapshot marker " + head.seq() + " where it says");
                }
                return new Start<>(new Snapshot(head.seq(), head.digest(), state), read);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("snapshot %s passed over: %s", p, e.getMessage());
            }
        }
        return new Start<>(null, read());
    }

    /**
     * The journal from the snapshot's marker line on: at the byte offset the snapshot recorded when that offset
     * begins a line holding the marker; otherwise (the journal's earlier lines changed length) the marker is
     * looked for from the end, line by line.
     */
    private byte[] tailFrom(ObjectHead head) throws IOException {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long offset = head.offset();
            if (offset >= 0 && offset < raf.length()) {
                boolean lineStart = offset == 0;
                if (!lineStart) {
                    raf.seek(offset - 1);
                    lineStart = raf.read() == '\n';
                }
                if (lineStart) {
                    raf.seek(offset);
                    byte[] tail = new byte[(int) (raf.length() - offset)];
                    raf.readFully(tail);
                    if (isMarker(tail, 0, head)) {
                        return tail;
                    }
                }
            }
        }
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && all[start - 1] != '\n') {
                start--;
            }
            if (isMarker(all, start, head)) {
                return java.util.Arrays.copyOfRange(all, start, all.length);
            }
            end = start;
        }
        throw new IOException("the journal holds no snapshot marker " + head.seq());
    }

    /** Whether the line starting at {@code from} is the snapshot's marker entry. */
    private boolean isMarker(byte[] bytes, int from, ObjectHead head) {
        int to = from;
        while (to < bytes.length && bytes[to] != '\n') {
            to++;
        }
        try {
            JournalEntry<C> e = codec.fromLine(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            return e.seq() == head.seq() && e.command() instanceof io.conclave.model.command.TakeSnapshot m
                    && head.digest().equals(m.digest());
        } catch (IOException e) {
            return false;
        }
    }

    private static String crc(String s) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().toHexDigits((int) crc.getValue());
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
        hashedEnd = -1; // the next entry follows the last line kept
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
        lineBuffer = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
