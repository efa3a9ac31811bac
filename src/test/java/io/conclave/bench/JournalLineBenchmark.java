package io.conclave.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.ConversationCommand;
import io.conclave.model.command.SendMessage;

/**
 * What one journal line costs the thread that appends it: a conversation's message appended to its journal
 * ({@link FileJournal#append}: the line's JSON, its checksum, the hash chain, the write and the force), against the
 * baseline measured in the same run, the same number of bytes written and forced on a bare channel. Rounds alternate
 * the two, each in a fresh folder; the medians of the rounds after the first two are reported.
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-journal-lines [-Dbench.args="--lines=50000 --rounds=8 --dir=/dev/shm"]
 * </pre>
 */
public final class JournalLineBenchmark {
    private static final String POLICY = "38a533f8c87b61b939228551156f7a01ccd05a08e5bc88f4fb44e684b26e972b";
    private static final Instant AT = Instant.parse("2026-12-01T11:40:43.267687484Z");

    private JournalLineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int lines = 50_000;
        int rounds = 8;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (String a : args) {
            if (a.startsWith("--lines=")) {
                lines = Integer.parseInt(a.substring("--lines=".length()));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring("--rounds=".length()));
            } else if (a.startsWith("--dir=")) {
                dir = Path.of(a.substring("--dir=".length()));
            } else {
                System.err.println("usage: [--lines=N] [--rounds=N] [--dir=DIR]");
                System.exit(2);
            }
        }
        if (lines < 1 || rounds < 3) {
            System.err.println("need lines >= 1 and rounds >= 3");
            System.exit(2);
        }
        System.out.printf("Journal lines: %d a round, %d rounds alternating (the first two warm up), in %s%n", lines,
                rounds, dir);
        List<double[]> journal = new ArrayList<>();
        List<double[]> bare = new ArrayList<>();
        int bytes = 0;
        for (int r = 0; r < rounds; r++) {
            double[] j = journalLines(dir, lines);
            bytes = (int) j[2];
            double[] b = bareLines(dir, lines, bytes);
            if (r >= 2) {
                journal.add(j);
                bare.add(b);
            }
        }
        double jWall = median(journal, 0);
        double jCpu = median(journal, 1);
        double bWall = median(bare, 0);
        double bCpu = median(bare, 1);
        System.out.printf("FileJournal.append, a conversation's message (%d bytes a line): median %.2f us a line, "
                + "CPU %.2f us%n", bytes, jWall, jCpu);
        System.out.printf("the same bytes written and forced on a bare channel: median %.2f us a line, CPU %.2f us%n",
                bWall, bCpu);
        System.out.printf("a journal line's own (its JSON, checksum and chain): %.2f us of CPU, %.1fx the bare line%n",
                jCpu - bCpu, jCpu / bCpu);
    }

    /** Wall and CPU microseconds a line, and the bytes of a line, for {@code n} messages appended to a new journal. */
    private static double[] journalLines(Path dir, int n) throws IOException {
        Path folder = Files.createTempDirectory(dir, "journal-lines");
        try (FileJournal<ConversationCommand> journal = new FileJournal<>(folder, CommandCodec.CONVERSATION)) {
            journal.append(entry(1)); // the first line creates the file: not timed
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 2; i <= n + 1; i++) {
                journal.append(entry(i));
            }
            long wall = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            double lineBytes = (double) Files.size(folder.resolve(FileJournal.FILE)) / (n + 1);
            return new double[] {wall / 1e3 / n, cpu / 1e3 / n, Math.round(lineBytes)};
        } finally {
            ConversationWorkload.deleteTree(folder);
        }
    }

    /** Wall and CPU microseconds a line for {@code n} lines of {@code bytes} bytes written and forced on a channel. */
    private static double[] bareLines(Path dir, int n, int bytes) throws IOException {
        Path folder = Files.createTempDirectory(dir, "bare-lines");
        byte[] line = new byte[bytes];
        java.util.Arrays.fill(line, (byte) 'x');
        line[bytes - 1] = '\n';
        try (FileChannel ch = FileChannel.open(folder.resolve("lines.jsonl"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            long wall = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            return new double[] {wall / 1e3 / n, cpu / 1e3 / n};
        } finally {
            ConversationWorkload.deleteTree(folder);
        }
    }

    private static JournalEntry<ConversationCommand> entry(long seq) {
        SendMessage m = new SendMessage("agent-" + seq % 20, "Let us look at the API design together, then decide on"
                + " the endpoints and who writes the first draft", List.of("design", "api"), null, null, null, false);
        return new JournalEntry<>(seq, m.sender(), POLICY.substring(0, 12), AT.plusMillis(seq), m, null, POLICY);
    }

    private static double median(List<double[]> rounds, int index) {
        double[] v = rounds.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
