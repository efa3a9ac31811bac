package io.conclave.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least a journaled answer costs on the disk at hand: threads that each append lines of a given length to a file
 * of their own and force every line to disk, as a journal does for every command it accepts, for some seconds. The
 * REST benchmark runs it in the server's data folder, with as many threads as conversations and the length of the
 * conversations' journal lines, so the report can say how much of a decision's cost is the force (the kernel's
 * work, which JFR does not show) and how much is the service's own.
 */
final class ForcedLines {
    private ForcedLines() {
    }

    /** Lines forced per second and the CPU time of this process per forced line, in microseconds. */
    record Result(int threads, int lineBytes, double perSecond, double cpuMicrosEach) {
    }

    static Result measure(Path folder, int threads, int lineBytes, int seconds) throws InterruptedException {
        byte[] line = new byte[Math.max(1, lineBytes)];
        Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = '\n';
        AtomicLong forced = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> running = new ArrayList<>();
        long cpu0 = ownCpuNanos();
        for (int t = 0; t < threads; t++) {
            Path file = folder.resolve("forced-lines-" + t + ".jsonl");
            Thread thread = new Thread(() -> appendAndForce(file, line, end, forced), "forced-lines-" + t);
            running.add(thread);
            thread.start();
        }
        for (Thread t : running) {
            t.join();
        }
        long cpu = ownCpuNanos() - cpu0;
        long n = Math.max(1, forced.get());
        return new Result(threads, line.length, forced.get() / (double) seconds, cpu / 1e3 / n);
    }

    /**
     * Forced lines offered at {@code rate} a second for some seconds, the threads taking turns on one even schedule
     * (as the benchmark's open loops send messages), each timed from when it was due to its force's end: the
     * latency the disk alone gives a journaled answer at that rate, the floor under the decisions' own.
     */
    static Latencies paced(Path folder, int threads, int lineBytes, int rate, int seconds)
            throws InterruptedException {
        byte[] line = new byte[Math.max(1, lineBytes)];
        Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = '\n';
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long interval = TimeUnit.SECONDS.toNanos(threads) / rate; // a thread's own
        List<Latencies> perThread = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Path file = folder.resolve("paced-lines-" + t + ".jsonl");
            Latencies mine = new Latencies();
            perThread.add(mine);
            long first = start + interval * t / threads;
            Thread thread = new Thread(() -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    for (long due = first; due < end; due += interval) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        ch.write(ByteBuffer.wrap(line));
                        ch.force(false);
                        mine.add(System.nanoTime() - due);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a temporary folder: removed with the run's data anyway
                    }
                }
            }, "paced-lines-" + t);
            running.add(thread);
            thread.start();
        }
        Latencies all = new Latencies();
        for (int t = 0; t < threads; t++) {
            running.get(t).join();
            all.addAll(perThread.get(t));
        }
        return all;
    }

    private static void appendAndForce(Path file, byte[] line, long end, AtomicLong forced) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (System.nanoTime() < end) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(false);
                forced.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary folder: removed with the run's data anyway
            }
        }
    }

    /** The mean length in bytes of the lines of the journals under {@code folder} (0 when there are none). */
    static int meanJournalLine(Path folder) throws IOException {
        long bytes = 0;
        long lines = 0;
        try (var files = Files.walk(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("journal.jsonl")).toList()) {
                bytes += Files.size(p);
                try (var l = Files.lines(p)) {
                    lines += l.count();
                }
            }
        }
        return lines == 0 ? 0 : (int) (bytes / lines);
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
