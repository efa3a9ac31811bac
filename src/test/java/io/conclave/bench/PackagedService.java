package io.conclave.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process of a benchmark (or of an
 * integration test that runs programs against it): its own
 * folder (data and {@code server.log}), its own JVM arguments, a loopback port. Stopped once, by the benchmark
 * or its shutdown hook; the folder is deleted when asked to.
 */
public final class PackagedService {
    private final Path jar;
    private final Path folder;
    private final int port;
    private final List<String> jvmArguments;
    /** The JDK that runs the jar (null when a command is given). */
    private final Path javaHome;
    private final List<String> command;
    private final java.util.Map<String, String> environment;
    private final Path log;
    private Process process;
    private long startedNanos;
    private boolean stopped;

    /**
     * @param jvmArguments heap, system properties ({@code -Dconclave.rules-dir=...}) and the like; the port and
     *                     the data folder are added here
     */
    public PackagedService(Path jar, Path folder, int port, List<String> jvmArguments) {
        this(jar, folder, port, jvmArguments, Path.of(System.getProperty("java.home")));
    }

    /** The same on another JDK than this process' own ({@code javaHome}: a folder with {@code bin/java}). */
    public PackagedService(Path jar, Path folder, int port, List<String> jvmArguments, Path javaHome) {
        this.javaHome = javaHome;
        this.jar = jar.toAbsolutePath().normalize();
        this.folder = folder;
        this.port = port;
        this.jvmArguments = List.copyOf(jvmArguments);
        this.command = null;
        this.environment = java.util.Map.of();
        this.log = folder.resolve("server.log");
    }

    /**
     * Any command that starts a service listening on {@code port} (the launcher, another application), run in
     * {@code folder} with {@code environment} added to this process' own.
     */
    public PackagedService(List<String> command, java.util.Map<String, String> environment, Path folder, int port) {
        this.javaHome = null;
        this.jar = null;
        this.folder = folder;
        this.port = port;
        this.jvmArguments = List.of();
        this.command = List.copyOf(command);
        this.environment = java.util.Map.copyOf(environment);
        this.log = folder.resolve("server.log");
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public synchronized void start() throws IOException {
        if (this.command != null) {
            Files.createDirectories(folder);
            ProcessBuilder pb = new ProcessBuilder(this.command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            startedNanos = System.nanoTime();
            process = pb.start();
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmArguments);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dconclave.data-dir=" + folder.resolve("data"));
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(folder);
        startedNanos = System.nanoTime();
        process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Polls {@code path} until it answers 200 with a body containing {@code expected}; the {@link System#nanoTime()}
     * of that answer, or -1 when the process ended or the time ran out. Polls every {@code pollMillis}, so the
     * time is late by at most that.
     */
    public long awaitAnswer(HttpClient client, String path, String expected, Duration timeout, long pollMillis)
            throws InterruptedException {
        URI uri = base().resolve(path);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(expected)) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(pollMillis);
        }
        return -1;
    }

    /** Resident set size of the process in bytes, from {@code /proc} (Linux); -1 elsewhere. */
    long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /**
     * The anonymous part of the resident set in bytes (heap, metaspace, code, the collector's structures), from
     * {@code /proc} (Linux); -1 elsewhere. The rest is mapped files: a class cache's pages count in the resident set
     * but are clean, shared with every process that maps the same cache, and given back under memory pressure.
     */
    long anonymousBytes() {
        return statusBytes("RssAnon:");
    }

    private long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time the process used so far (user and system). */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * CPU time the process' JIT compiler threads used so far, from {@code /proc} (Linux, at 100 ticks a
     * second); -1 elsewhere.
     */
    long compilerCpuNanos() {
        ThreadCpu all = threadCpu();
        return all == null ? -1 : all.sum(ThreadCpu.JIT).total();
    }

    /**
     * The CPU each thread of the process used so far, in user and kernel mode, from {@code /proc} (Linux, at 100
     * ticks a second), with its kind: its name without the trailing number ({@code executor-thread-7} is an
     * {@code executor-thread}); null where {@code /proc} does not say.
     */
    ThreadCpu threadCpu() {
        java.util.Map<String, ThreadCpu.Thread> threads = new java.util.TreeMap<>();
        Path proc = Path.of("/proc", String.valueOf(pid()), "task");
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc)) {
            for (Path t : tasks) {
                try {
                    String kind = Files.readString(t.resolve("comm")).strip().replaceAll("[-#\\s]*\\d+$", "");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(t.getFileName().toString(), new ThreadCpu.Thread(kind, new Cpu(
                            Long.parseLong(f[11]) * 10_000_000L, Long.parseLong(f[12]) * 10_000_000L))); // utime, stime
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ThreadCpu(threads);
    }

    /**
     * The collections that stopped the process so far (young and full, as {@code jstat -gc} of the JDK running this
     * benchmark counts them) and their time, the full ones also apart: a mean over fifty young collections hides the
     * one full collection that made a window's tail; null when jstat does not answer. ZGC's pauses, under a
     * millisecond, are not among them: its collections are concurrent.
     */
    Pauses pauses() {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            Process p = new ProcessBuilder(jstat.toString(), "-gc", String.valueOf(pid())).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0 || lines.size() < 2) {
                return null;
            }
            List<String> names = List.of(lines.get(0).trim().split("\\s+"));
            List<String> values = List.of(lines.get(1).trim().split("\\s+"));
            java.util.function.ToDoubleFunction<String> at = n -> Double.parseDouble(values.get(names.indexOf(n)));
            return new Pauses((long) (at.applyAsDouble("YGC") + at.applyAsDouble("FGC")),
                    at.applyAsDouble("YGCT") + at.applyAsDouble("FGCT"), (long) at.applyAsDouble("FGC"),
                    at.applyAsDouble("FGCT"));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The bytes the process allocated in its young generation and promoted to its old one so far, as its collection
     * meters on {@code /q/metrics} count them ({@code jvm_gc_memory_allocated_bytes_total},
     * {@code jvm_gc_memory_promoted_bytes_total}: counted at each collection, so a window's figures are good to a
     * collection's worth); null when the service does not publish them.
     */
    Heap heap(HttpClient client) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base().resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "text/plain").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            double allocated = meter(r.body(), "jvm_gc_memory_allocated_bytes_total");
            double promoted = meter(r.body(), "jvm_gc_memory_promoted_bytes_total");
            return Double.isNaN(allocated) || Double.isNaN(promoted) ? null : new Heap(allocated, promoted);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The value of a meter without labels (or its first labelled line) in a Prometheus scrape; NaN when absent. */
    static double meter(String scrape, String name) {
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Bytes allocated and promoted so far ({@link #heap}). */
    record Heap(double allocated, double promoted) {
        Heap since(Heap before) {
            return new Heap(allocated - before.allocated, promoted - before.promoted);
        }
    }

    /** How many collections stopped the process, and for how many seconds in all; of them, the full ones. */
    record Pauses(long count, double seconds, long full, double fullSeconds) {
        Pauses since(Pauses before) {
            return new Pauses(count - before.count, seconds - before.seconds, full - before.full,
                    fullSeconds - before.fullSeconds);
        }
    }

    /** Nanoseconds of CPU in user and in kernel mode. */
    record Cpu(long user, long kernel) {
        long total() {
            return user + kernel;
        }

        Cpu minus(Cpu before) {
            return new Cpu(user - before.user, kernel - before.kernel);
        }
    }

    /** {@link #threadCpu()}'s answer: the CPU of each thread (by its id), and its kind. */
    record ThreadCpu(java.util.Map<String, Thread> threads) {
        /** Thread names are cut at 15 characters ({@code C2 CompilerThre}). */
        static final java.util.function.Predicate<String> JIT = n -> n.startsWith("C1 Compiler") || n.startsWith("C2 Compiler");
        static final java.util.function.Predicate<String> GC = n -> n.startsWith("GC Thread") || n.startsWith("G1 ");
        static final java.util.function.Predicate<String> WORKERS = n -> n.startsWith("executor-thread");
        static final java.util.function.Predicate<String> EVENT_LOOPS = n -> n.startsWith("vert.x-eventloo");
        /** The command lane's threads ({@code conclave-command-N}), where the conversations' commands run. */
        static final java.util.function.Predicate<String> LANE = n -> n.startsWith("conclave-comman");

        record Thread(String kind, Cpu cpu) {
        }

        /** The CPU of every thread whose kind {@code kinds} accepts. */
        Cpu sum(java.util.function.Predicate<String> kinds) {
            long user = 0;
            long kernel = 0;
            for (Thread t : threads.values()) {
                if (kinds.test(t.kind())) {
                    user += t.cpu().user();
                    kernel += t.cpu().kernel();
                }
            }
            return new Cpu(user, kernel);
        }

        /**
         * What each thread used since {@code before}: a thread that started since counts from zero, one that ended
         * meanwhile is not counted ({@code /proc} forgets it; Quarkus' idle request workers end after a minute).
         */
        ThreadCpu since(ThreadCpu before) {
            java.util.Map<String, Thread> d = new java.util.TreeMap<>();
            threads.forEach((id, t) -> {
                Thread was = before.threads().get(id);
                d.put(id, new Thread(t.kind(), was == null ? t.cpu() : t.cpu().minus(was.cpu())));
            });
            return new ThreadCpu(d);
        }
    }

    /** The log lines so far. */
    List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    public String logTail(int lines) {
        List<String> all = logLines();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s) and deletes its folder when asked to. */
    public synchronized void stop(boolean deleteFolder) {
        stop(deleteFolder, Duration.ofSeconds(20));
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL when it has not ended within {@code grace} (a JVM that writes its
     * class cache at exit takes a while).
     */
    public synchronized void stop(boolean deleteFolder, Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (deleteFolder) {
            try {
                ConversationWorkload.deleteTree(folder);
            } catch (IOException e) {
                System.err.println("could not delete " + folder + ": " + e.getMessage());
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
