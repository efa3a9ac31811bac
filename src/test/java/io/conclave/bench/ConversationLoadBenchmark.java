package io.conclave.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.bench.ConversationWorkload.Agent;
import io.conclave.model.Json;
import io.conclave.model.conversation.TurnStrategy;

/**
 * The conversation benchmark over REST : decisions per second of the packaged service
 * under a bounded load from a second process on loopback. It starts
 * {@code target/quarkus-app/quarkus-run.jar} as a child process (its own heap, a free port, a
 * temporary data folder, the rules of {@code ./rules}, no example projects), waits until
 * {@code /q/health/ready} is UP, opens conversations of 20 agents over REST and gives each its
 * history (one thread per conversation), then runs a closed loop: each worker thread of this JVM posts
 * one message at a time to its own conversations (several workers share one when there are more
 * workers than conversations), first for a warm-up, then for the measured seconds, counting the 200
 * answers. Every message is decided by the rules, journaled and forced to disk before it is answered;
 * different conversations force in parallel, which the disk may coalesce. The workload is
 * {@link ConversationWorkload}'s, like the in-process {@link ConversationBenchmark}.
 *
 * <p>The baseline, in the same run against the same server: the same closed loop on
 * {@code GET /q/health/live}, the cheapest 200 the service gives, so the report reads "decisions/s vs
 * plain GET/s". It runs after the decisions, on a warm server, so it warms up at most
 * {@value #BASELINE_WARMUP} s. A second baseline after it, as long: each worker's agent reads a context key of its
 * conversation ({@code GET /api/conversations/{id}/context/{key}}, written once at set-up), a request through the
 * service's door as a message is (the agent's token, the owner's scope, a JSON answer; a blocking endpoint handed
 * to a request worker, where a message's command goes to the command lane) that takes the owner's read lock instead
 * of its command; the report splits a decision's server CPU by it too, so what is the door's and what is the
 * command's can be told apart.
 * The report also gives the CPU both processes used during each measured
 * window, in all and per answer (on two cores the load generator competes with the server), and the
 * share of the server's JIT compiler threads: the service keeps compiling for a minute or two of load,
 * hence the long default warm-up. After the loops, {@link ForcedLines} forces lines of the journals' mean length
 * in the server's data folder for {@value #FORCE_SECONDS} s, a thread per conversation, and the report splits a
 * decision's server CPU into a plain GET's, a forced line's and the service's own. Then open loops offer messages at
 * fixed rates ({@code --rates}, default 500, 1,000 and 2,000 a second) and give each rate's latency from the moment
 * each message was due: what an agent waits at a stated load, where the closed loop gives the most the service
 * answers on these two shared cores; beside each, the latency of lines forced at the same rate on the same disk
 * alone ({@link ForcedLines#paced}), the floor under a journaled answer's. Each loop also says how many times and
 * for how long the server's collections stopped it ({@code jstat}), which is where its tail came from in the runs of
 * 2026-11-27 (docs/benchmarks.md), and what the server allocated an answer and promoted to its old generation (its
 * collection meters on {@code /q/metrics}), figures that move far less from run to run than the CPU. An open loop
 * also gives the answers over 20 ms, its p99.9, how often a thread of this load generator that only sleeps a
 * millisecond at a time woke more than 5 ms late, and this process's own collections: what of the tail the two
 * shared cores and the load generator account for. The answers are checked: every 200 names its responders, and
 * every conversation's history holds as many messages as it answered.
 *
 * <p>The load generator's workers each keep one connection (HTTP/1.1, keep-alive): by default a blocking socket of
 * their own ({@link BenchHttp}, {@code --client=socket}), 25-30 us of this process's CPU a decision, so that on two
 * shared cores as little of the load generator's work as can be runs between the server's; {@code --client=jdk} makes
 * them with the JDK's {@link HttpClient} instead (its completions on its selector thread), as every run before this
 * option did: 189-197 us a decision.
 *
 * <p>Not a unit test: a command. Run from the project folder, after packaging:
 * <pre>
 *   ./mvnw -q package -DskipTests
 *   ./mvnw -q test-compile exec:exec@benchmark-conversation-rest
 *   ./mvnw -q test-compile exec:exec@benchmark-conversation-rest -Dbench.args="--workers=16 --seconds=30"
 * </pre>
 * Options: {@code --conversations=N} (default 16), {@code --workers=N} (32), {@code --warmup-seconds=N} (90),
 * {@code --seconds=N} (15), {@code --open-seconds=N} (how long each open loop is measured; default the same as
 * {@code --seconds}: a longer window says what a full collection, which comes every few minutes, does to a p99 read
 * over minutes rather than over the seconds it falls in), {@code --port=N} (the server's; default a free one),
 * {@code --seed=N} (42),
 * {@code --agents=N} (20 per conversation), {@code --history=N} (messages each conversation gets before
 * the warm-up, default 1000), {@code --strategy=S} (dynamic), {@code --server-heap=SIZE} (1g),
 * {@code --jar=PATH}, {@code --rules=DIR}, {@code --temp-dir=DIR} (where the temporary folder with the
 * server's data and log goes; default the system's temporary folder; {@code /dev/shm} takes the disk out
 * of the measure), {@code --rates=N,N,...} (the open loops' offered decisions a second; empty for none),
 * {@code --keep-data} (keep that folder), {@code --server-jfr=FILE} (a flight recording of the
 * server, the whole run with the JDK's {@code profile} settings; {@code --server-jfr=FILE;delay=50s;duration=15s;settings=X.jfc}
 * gives the recording's own options instead, separated by semicolons; at the end the benchmark prints where the
 * server's Java samples of the decisions' measured window went, on the command lane and the event loops, by area:
 * {@link FlightProfile}), {@code --server-jvm=A,B} (more options for the server's JVM, e.g. a collector to compare),
 * {@code --server-java=DIR} (the JDK that runs the server; default this benchmark's own), {@code --client-cpus=LIST}
 * (this load generator kept on those CPUs: {@link #keepOnCpus}), {@code --client=socket|jdk}
 * (the load generator's calls, above). Every call carries a token:
 * the server gets an admin token at start, and each agent its own. The child process is stopped at the end, also on
 * failure or Ctrl-C.
 * Exits 1 when any request was answered with something else than the expected status (or failed), or
 * the service did not start; 2 on bad arguments or when the application is not packaged.
 */
public final class ConversationLoadBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int FAILURES_SHOWN = 10;
    /** The plain GET loop runs after the decisions loop, on a warm server: it warms up at most this long. */
    private static final int BASELINE_WARMUP = 15;
    /** The context key every conversation gets at set-up, which the door's reads read. */
    private static final String CONTEXT_KEY = "bench-plan";
    /** How long the forced-lines probe runs after the loops. */
    private static final int FORCE_SECONDS = 5;
    /** The target: decisions at this share of the plain GET's rate or more. */
    private static final double TARGET_RATIO = 0.6;
    /** The latency target: a decision's p99, in microseconds. */
    private static final long P99_TARGET_MICROS = 20_000;
    /** How long each open loop warms up (the server is warm from the closed loops by then). */
    private static final int OPEN_WARMUP = 5;

    private ConversationLoadBenchmark() {
    }

    record Options(int conversations, int workers, int warmupSeconds, int seconds, int port, long seed, int agents,
                   int history, TurnStrategy strategy, String serverHeap, Path jar, Path rules, Path tempDir,
                   boolean keepData, List<Integer> rates, int openSeconds, BenchHttp.Kind client) {

        private static final List<String> NAMES = List.of("conversations", "workers", "warmup-seconds", "seconds",
                "port", "seed", "agents", "history", "strategy", "server-heap", "jar", "rules", "temp-dir", "rates", "open-seconds",
                "client");

        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            boolean keep = false;
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                }
                if (a.equals("--keep-data")) {
                    keep = true;
                } else if (a.startsWith("--") && a.contains("=") && NAMES.contains(a.substring(2, a.indexOf('=')))) {
                    o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            TurnStrategy strategy = TurnStrategy.parse(o.getOrDefault("strategy", "dynamic"));
            if (strategy == null) {
                throw new IllegalArgumentException("'" + o.get("strategy") + "' is not a turn strategy");
            }
            Options opt = new Options(number(o, "conversations", 16), number(o, "workers", 32),
                    number(o, "warmup-seconds", 90), number(o, "seconds", 15), number(o, "port", 0),
                    Long.parseLong(o.getOrDefault("seed", "42")), number(o, "agents", 20), number(o, "history", 1_000),
                    strategy, o.getOrDefault("server-heap", "1g"),
                    Path.of(o.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar")),
                    Path.of(o.getOrDefault("rules", "rules")), Path.of(o.getOrDefault("temp-dir",
                    System.getProperty("java.io.tmpdir"))), keep, rates(o.getOrDefault("rates", "500,1000,2000")),
                    number(o, "open-seconds", number(o, "seconds", 15)),
                    BenchHttp.Kind.parse(o.getOrDefault("client", "socket")));
            if (opt.conversations < 1 || opt.workers < 1 || opt.seconds < 1 || opt.openSeconds < 1
                    || opt.warmupSeconds < 0 || opt.agents < 3 || opt.history < 0 || opt.port < 0 || opt.port > 65535
                    || opt.rates.stream().anyMatch(r -> r < 1)) {
                throw new IllegalArgumentException("need conversations, workers, seconds and open seconds >= 1, agents "
                        + ">= 3, warm-up seconds and history >= 0, a port 0-65535 (0: a free one), rates >= 1 a "
                        + "second");
            }
            return opt;
        }

        /** "500,1000": the offered rates of the open loops, decisions a second; "" for none. */
        private static List<Integer> rates(String list) {
            return list.isBlank() ? List.of()
                    : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
        }

        private static int number(Map<String, String> o, String name, int fallback) {
            return Integer.parseInt(o.getOrDefault(name, String.valueOf(fallback)));
        }
    }

    /** The machine's cores, counted before {@code --client-cpus} keeps this process on fewer. */
    private static final int MACHINE_CORES = Runtime.getRuntime().availableProcessors();

    /**
     * {@code --client-cpus=LIST} ({@code taskset}'s list: "0", "0,2"): this load generator's threads, and those it
     * starts later (they inherit it), kept on those CPUs, so that the agents' load stays off the server's command
     * lane when the server keeps its lane on the others ({@code -Dconclave.cpu-affinity=on}), as agents on other
     * machines would. The server, started before, is not affected.
     */
    private static void keepOnCpus(String cpus) throws IOException, InterruptedException {
        if (cpus.isBlank()) {
            return;
        }
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset -a -p -c " + cpus + " failed: " + p.exitValue());
        }
        out("load generator: kept on CPU %s (--client-cpus)", cpus);
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        // --server-jfr=FILE: a flight recording of the server; --server-jvm=A,B: more options for its JVM (both read
        // where the server is started)
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--server-jfr=")) {
                System.setProperty("bench.server-jfr", a.substring("--server-jfr=".length()));
            } else if (a.startsWith("--server-jvm=")) {
                System.setProperty("bench.server-jvm", a.substring("--server-jvm=".length()));
            } else if (a.startsWith("--server-java=")) {
                System.setProperty("bench.server-java", a.substring("--server-java=".length()));
            } else if (a.startsWith("--client-cpus=")) {
                System.setProperty("bench.client-cpus", a.substring("--client-cpus=".length()));
            } else {
                rest.add(a);
            }
        }
        args = rest.toArray(new String[0]);
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ConversationLoadBenchmark: " + e.getMessage());
            System.err.println("usage: [--conversations=N] [--workers=N] [--warmup-seconds=N] [--seconds=N] [--port=N] "
                    + "[--seed=N] [--agents=N] [--history=N] [--strategy=S] [--server-heap=SIZE] [--jar=PATH] "
                    + "[--rules=DIR] [--temp-dir=DIR] [--rates=N,N,...] [--client=socket|jdk] [--keep-data]");
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(opt.jar)) {
            System.err.println("ConversationLoadBenchmark: no " + opt.jar.toAbsolutePath()
                    + ": package the service first (./mvnw -q package -DskipTests)");
            System.exit(2);
            return;
        }
        int status = new Run(opt).execute();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** One run: the server, the conversations, the two closed loops, the open loops, the report. */
    private static final class Run {
        private final Options opt;
        /** The server's readiness and meters are read with the JDK's client; the API's calls go through {@link #http}. */
        private final HttpClient client = BenchHttp.jdkClient();
        private BenchHttp http;
        private final List<List<Agent>> members = new ArrayList<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicLong failed = new AtomicLong();
        private AtomicLongArray answered;
        private URI base;
        /** Every call of the API needs a token: the admin's (given to the server at start) and one per agent id. */
        private final String adminToken = "cv_bench_" + java.util.HexFormat.of().formatHex(
                java.security.SecureRandom.getSeed(16));
        private final Map<String, String> agentTokens = new java.util.concurrent.ConcurrentHashMap<>();

        Run(Options opt) {
            this.opt = opt;
        }

        int execute() throws Exception {
            String loadAtStart = Latencies.loadAverage();
            String memoryAtStart = MemoryProbe.describe();
            Path folder = Files.createTempDirectory(opt.tempDir, "conclave-conv-load-");
            FileStore store = Files.getFileStore(folder);
            int port = opt.port != 0 ? opt.port : PackagedService.freePort();
            base = URI.create("http://127.0.0.1:" + port);
            http = new BenchHttp(opt.client, base, client);
            out("Conclave conversation benchmark over REST: %d conversations of %d agents (%s), %d workers, "
                            + "%d s warm-up + %d s measured per loop, %d messages of history each, seed %d",
                    opt.conversations, opt.agents, opt.strategy.json(), opt.workers, opt.warmupSeconds, opt.seconds,
                    opt.history, opt.seed);
            out("load generator: %s", opt.client == BenchHttp.Kind.SOCKET ? "a blocking socket per worker thread "
                    + "(--client=socket)" : "the JDK's HttpClient (--client=jdk)");
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + opt.serverHeap,
                    "-Dconclave.rules-dir=" + opt.rules.toAbsolutePath().normalize(),
                    "-Dconclave.load-projects-on-start=false",
                    "-Dconclave.security.initial-admin-token=" + adminToken));
            // --server-jfr=FILE: a flight recording of the server, to see where its CPU goes
            String jfr = System.getProperty("bench.server-jfr");
            if (jfr != null) {
                String[] parts = jfr.split(";", 2); // FILE, then the recording's own options if given
                jvm.add("-XX:StartFlightRecording=filename=" + Path.of(parts[0]).toAbsolutePath()
                        + (parts.length > 1 ? "," + parts[1].replace(';', ',') : ",settings=profile"));
                // whole stacks: a sample is told apart by the frames nearest the thread's start (the default keeps 64)
                jvm.add("-XX:FlightRecorderOptions=stackdepth=256");
            }
            // --server-jvm=OPTION,OPTION: more options for the server's JVM (a collector to compare, for instance)
            String more = System.getProperty("bench.server-jvm", "").strip();
            if (!more.isEmpty()) {
                jvm.addAll(List.of(more.split(",")));
            }
            // --server-java=DIR: the server on another JDK (a JDK 25 with -XX:+UseCompactObjectHeaders, as the launcher
            // runs it there)
            Path javaHome = Path.of(System.getProperty("bench.server-java", System.getProperty("java.home")));
            PackagedService server = new PackagedService(opt.jar, folder, port, jvm, javaHome);
            Thread hook = new Thread(() -> server.stop(!opt.keepData), "stop-conclave");
            Runtime.getRuntime().addShutdownHook(hook);
            Phase decisions = null; // its window is what the flight recording's samples are read over
            try {
                long t0 = System.nanoTime();
                server.start();
                if (server.awaitAnswer(client, "/q/health/ready", "UP", READY_TIMEOUT, 200) < 0) {
                    out("the service did not become ready within %d s; the end of its log:%n%s",
                            READY_TIMEOUT.toSeconds(), server.logTail(40));
                    return 1;
                }
                out("server: pid %d on %s, %s, -Xmx%s, data in %s (%s, %s), ready in %.1f s", server.pid(), base,
                        javaHome.equals(Path.of(System.getProperty("java.home"))) ? "Java " + System.getProperty(
                        "java.version") : javaHome,
                        opt.serverHeap, folder, store.type(), store.name(), seconds(System.nanoTime() - t0));
                keepOnCpus(System.getProperty("bench.client-cpus", ""));
                setUp();
                out("");
                out("closed loops of %d workers, warm-up %d s then %d s measured (the plain GET loop warms up at "
                        + "most %d s: the server is warm by then)", opt.workers, opt.warmupSeconds, opt.seconds,
                        BASELINE_WARMUP);
                out("latency in ms; CPU each process used during the measured seconds, in cores (of which the "
                        + "server's JIT compiler threads), and per answer in us");
                out("loop                         answers  per second   median      p99      max   server CPU  "
                        + "(its JIT)  load-gen CPU  server/ans  l-g/ans");
                Phase posts = loop("POST /messages (decisions)", server, opt.warmupSeconds, 0, this::messages);
                decisions = posts;
                Phase gets = loop("GET /q/health/live (plain)", server, Math.min(opt.warmupSeconds, BASELINE_WARMUP), 0,
                        w -> () -> get("/q/health/live", 200));
                Phase reads = loop("GET /context (a door's read)", server, Math.min(opt.warmupSeconds, BASELINE_WARMUP),
                        0, this::contextReads);
                List<Phase> offered = new ArrayList<>();
                if (!opt.rates.isEmpty()) {
                    out("");
                    out("open loops: messages sent at a fixed offered rate, spread evenly over the %d workers, %d s warm-up "
                            + "then %d s measured; latency counts from the moment each message was due, so an answer that "
                            + "came late also delays the ones queued behind it", opt.workers, OPEN_WARMUP, opt.openSeconds);
                    for (int rate : opt.rates) {
                        offered.add(loop(format("POST /messages at %d/s", rate), server, OPEN_WARMUP, rate,
                                this::messages));
                    }
                }
                out("");
                double ratio = posts.perSecond() / gets.perSecond();
                out("decisions: %.0f/s vs plain GET: %.0f/s: ratio %.2f; target >= %.1fx the plain GET with a p99 <= 20 ms:"
                                + " %s", posts.perSecond(), gets.perSecond(), ratio, TARGET_RATIO,
                        ratio >= TARGET_RATIO && posts.latencies.p99() <= P99_TARGET_MICROS ? "met" : "NOT MET");
                out("decision latency: median %.2f ms, p99 %.2f ms (plain GET: median %.2f ms, p99 %.2f ms)",
                        posts.latencies.median() / 1e3, posts.latencies.p99() / 1e3, gets.latencies.median() / 1e3,
                        gets.latencies.p99() / 1e3);
                out("cores busy during the decisions: server %.2f + load generator %.2f = %.2f of %d",
                        posts.serverCores, posts.clientCores, posts.serverCores + posts.clientCores, MACHINE_CORES);
                int lineBytes = ForcedLines.meanJournalLine(folder);
                for (int i = 0; i < offered.size(); i++) {
                    Phase p = offered.get(i);
                    int rate = opt.rates.get(i);
                    // the disk's own latency at the same rate, once the loops are over: the floor under a journaled
                    // answer's
                    Latencies disk = ForcedLines.paced(folder, opt.conversations, lineBytes, rate, FORCE_SECONDS);
                    out("offered %d decisions/s (%.2fx the closed loop's rate): answered %.0f/s, p99 %.2f ms: %s; "
                                    + "%d-byte lines forced at %d/s on this disk alone (%d threads, %d s): median %.2f ms, "
                                    + "p99 %.2f ms", rate, rate / posts.perSecond(), p.perSecond(), p.latencies.p99() / 1e3,
                            p.latencies.p99() <= P99_TARGET_MICROS ? "p99 <= 20 ms" : "p99 > 20 ms", lineBytes, rate,
                            opt.conversations, FORCE_SECONDS, disk.median() / 1e3, disk.p99() / 1e3);
                }
                explainCost(folder, posts, gets, reads);
                checkHistories();
                if (!server.alive()) {
                    failures.add("the server process ended during the run");
                    failed.incrementAndGet();
                }
            } finally {
                http.close();
                server.stop(!opt.keepData);
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            if (opt.keepData) {
                out("kept %s (server data and server.log)", folder);
            }
            if (jfr != null && decisions != null) { // written whole once the server stopped
                profile(Path.of(jfr.split(";", 2)[0]), decisions);
            }
            out("every request answered as expected: %s", failed.get() == 0 ? "yes"
                    : "NO, " + failed.get() + " did not");
            failures.stream().limit(FAILURES_SHOWN).forEach(f -> out("    %s", f));
            out("machine: %d cores, Java %s, load average %s at start, %s at end; %s at start, %s at end",
                    MACHINE_CORES, System.getProperty("java.version"), loadAtStart,
                    Latencies.loadAverage(), memoryAtStart, MemoryProbe.describe());
            return failed.get() == 0 ? 0 : 1;
        }

        /** Opens the conversations and joins their agents one request at a time, then posts their histories. */
        private void setUp() throws InterruptedException {
            long t0 = System.nanoTime();
            for (int c = 0; c < opt.conversations; c++) {
                List<Agent> agents = ConversationWorkload.agents(opt.agents, new SplittableRandom(opt.seed + c));
                members.add(agents);
                send(post("/api/conversations", ConversationWorkload.createJson(id(c), opt.strategy), adminToken), 201);
                for (Agent a : agents) {
                    send(post("/api/conversations/" + id(c) + "/agents", ConversationWorkload.joinJson(a), token(a.id())),
                            201);
                }
            }
            for (int c = 0; c < opt.conversations; c++) {
                Agent writer = members.get(c).get(0);
                send(put("/api/conversations/" + id(c) + "/context/" + CONTEXT_KEY, "{\"agent_id\":\"" + writer.id()
                        + "\",\"value\":{\"plan\":\"ship\"},\"expected_version\":0}", token(writer.id())), 200);
            }
            answered = new AtomicLongArray(opt.conversations);
            double setUp = seconds(System.nanoTime() - t0);
            t0 = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < opt.conversations; c++) {
                int conversation = c;
                SplittableRandom random = new SplittableRandom(opt.seed ^ (0x5DEECE66DL * (c + 1)));
                threads.add(started(() -> {
                    for (int i = 0; i < opt.history; i++) {
                        postMessage(conversation, random);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            out("set-up: %d conversations and %d joins in %.1f s (one at a time); history: %d messages in %.1f s "
                            + "(one thread per conversation)", opt.conversations, opt.conversations * opt.agents, setUp,
                    opt.conversations * opt.history, seconds(System.nanoTime() - t0));
        }

        /** Worker {@code w}'s requests: a message to each of its conversations in turn. */
        private Request messages(int w) {
            List<Integer> mine = new ArrayList<>();
            for (int c = w % opt.conversations; c < opt.conversations; c += opt.workers) {
                mine.add(c);
            }
            SplittableRandom random = new SplittableRandom(opt.seed * 31 + w);
            int[] next = {0};
            return () -> postMessage(mine.get(next[0]++ % mine.size()), random);
        }

        private boolean postMessage(int conversation, SplittableRandom random) {
            ConversationWorkload.Message m = ConversationWorkload.message(members.get(conversation), random);
            BenchHttp.Answer r = send(post("/api/conversations/" + id(conversation) + "/messages", m.json(),
                    token(m.sender())), 200);
            if (r == null) {
                return false;
            }
            if (!r.body().contains("\"responders\"")) {
                fail("a 200 without responders: " + r.body());
                return false;
            }
            answered.incrementAndGet(conversation);
            return true;
        }

        /**
         * Worker {@code w}'s reads of the baseline through the service's doors: a member of one of its conversations
         * reads the context key written at set-up, with its own token. The door a message goes through (the token,
         * the owner's scope, a JSON answer; here a blocking endpoint on a request worker, for a message the event loop
         * and the command lane), the owner's read lock instead of its command: what a decision costs besides the
         * command is in this loop's server CPU an answer.
         */
        private Request contextReads(int w) {
            int conversation = w % opt.conversations;
            Agent reader = members.get(conversation).get(1 + w / opt.conversations % (opt.agents - 1));
            BenchHttp.Call read = BenchHttp.Call.get("/api/conversations/" + id(conversation) + "/context/"
                    + CONTEXT_KEY, token(reader.id()));
            return () -> {
                BenchHttp.Answer r = send(read, 200);
                if (r != null && !r.body().contains("\"ship\"")) {
                    fail("a context read without its value: " + r.body());
                    return false;
                }
                return r != null;
            };
        }

        private boolean get(String path, int expected) {
            return send(BenchHttp.Call.get(path, null), expected) != null;
        }

        /**
         * Runs {@code opt.workers} threads for the warm-up then the measured seconds; counts and times the requests
         * that started and ended within the measured window. With {@code rate} 0, a closed loop: each thread sends
         * its requests one after the other, timed from when each was sent. Otherwise an open loop at {@code rate}
         * requests a second: the threads take turns on one even schedule, and each request is timed from when it
         * was due, so a worker held up by a slow answer counts the wait of the requests it sends late (no
         * coordinated omission).
         */
        private Phase loop(String name, PackagedService server, int warmupSeconds, int rate, IntFunction<Request> requests)
                throws InterruptedException {
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
            int seconds = rate == 0 ? opt.seconds : opt.openSeconds;
            long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(opt.workers) / rate; // a worker's own
            List<Latencies> perWorker = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < opt.workers; w++) {
                Request request = requests.apply(w);
                Latencies mine = new Latencies();
                perWorker.add(mine);
                long first = start + interval * w / opt.workers;
                threads.add(started(() -> {
                    for (long due = first; ; due += interval) {
                        long t0 = rate == 0 ? System.nanoTime() : due;
                        if (t0 >= measureTo) {
                            break;
                        }
                        try {
                            sleepUntil(due);
                        } catch (InterruptedException e) {
                            return;
                        }
                        boolean ok = request.send();
                        long t1 = System.nanoTime();
                        if (ok && t0 >= measureFrom && t1 <= measureTo) {
                            mine.add(t1 - t0);
                        }
                    }
                }));
            }
            // an open loop's latency counts from when a message was due, so a load generator that woke late counts
            // as a slow answer: a thread of its own sleeps a millisecond at a time through the window and keeps how
            // late it woke
            Latencies wakeUps = new Latencies();
            Thread sleeper = rate == 0 ? null : started(() -> {
                try {
                    sleepUntil(measureFrom);
                    for (long t = System.nanoTime(); t < measureTo; ) {
                        Thread.sleep(1);
                        long now = System.nanoTime();
                        wakeUps.add(Math.max(0, now - t - TimeUnit.MILLISECONDS.toNanos(1)));
                        t = now;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // a second before the window (jstat takes a moment): the pauses counted span the window and that second
            sleepUntil(measureFrom - TimeUnit.SECONDS.toNanos(1));
            long[] ownGc0 = ownCollections();
            PackagedService.Pauses pauses0 = server.pauses();
            sleepUntil(measureFrom);
            Instant windowFrom = Instant.now();
            long serverCpu0 = server.cpuNanos();
            PackagedService.ThreadCpu threads0 = server.threadCpu();
            long ownCpu0 = ownCpuNanos();
            // after the CPU's start: a scrape takes a few milliseconds, and its CPU is a rounding error of the window's
            PackagedService.Heap heap0 = server.heap(client);
            sleepUntil(measureTo);
            Instant windowTo = Instant.now();
            long serverCpu = server.cpuNanos() - serverCpu0;
            PackagedService.ThreadCpu threads1 = server.threadCpu();
            PackagedService.ThreadCpu byThread = threads0 == null || threads1 == null ? null : threads1.since(threads0);
            long jit = byThread == null ? -1 : byThread.sum(PackagedService.ThreadCpu.JIT).total();
            long ownCpu = ownCpuNanos() - ownCpu0;
            PackagedService.Heap heap1 = server.heap(client);
            for (Thread t : threads) {
                t.join();
            }
            if (sleeper != null) {
                sleeper.join();
            }
            long[] ownGc = ownCollections();
            PackagedService.Pauses pauses1 = server.pauses();
            Latencies all = new Latencies();
            perWorker.forEach(all::addAll);
            Phase p = new Phase(all, seconds, serverCpu / 1e9 / seconds, jit / 1e9 / seconds, ownCpu / 1e9 / seconds,
                    byThread, windowFrom, windowTo);
            out("%-26s %10d %11.0f %8.2f %8.2f %8.2f %12.2f %9s %11.2f %10.0f %9.0f", name, all.count(), p.perSecond(),
                    all.median() / 1e3, all.p99() / 1e3, all.max() / 1e3, p.serverCores,
                    jit < 0 ? "n/a" : format("%.2f", p.jitCores), p.clientCores, p.serverMicrosEach(),
                    p.clientMicrosEach());
            if (pauses0 != null && pauses1 != null) {
                PackagedService.Pauses in = pauses1.since(pauses0);
                out("  %s: the server's collections stopped it %d times, %.0f ms in all (%.1f ms each; %d of them "
                        + "full, %.0f ms; from a second before the window to its end)", name,
                        in.count(), in.seconds() * 1e3, in.count() == 0 ? 0 : in.seconds() * 1e3 / in.count(),
                        in.full(), in.fullSeconds() * 1e3);
            }
            if (heap0 != null && heap1 != null) {
                // steadier from run to run than the CPU: what the service allocates and keeps, counted at each collection
                PackagedService.Heap in = heap1.since(heap0);
                out("  %s: the server allocated %.1f KB an answer and promoted %.2f KB of it to its old generation "
                        + "(its collection meters over the window)", name, in.allocated() / 1e3 / all.count(),
                        in.promoted() / 1e3 / all.count());
            }
            if (sleeper != null) {
                out("  %s: %d answers (%.2f%%) over %.0f ms, p99.9 %.2f ms; this load generator's own 1 ms sleeps woke "
                        + "more than 5 ms late %d times of %d (the latest %.1f ms late), its own collections %d, %d ms in "
                        + "all", name, all.over(P99_TARGET_MICROS),
                        100.0 * all.over(P99_TARGET_MICROS) / Math.max(1, all.count()), P99_TARGET_MICROS / 1e3,
                        all.micros(99.9) / 1e3, wakeUps.over(5_000), wakeUps.count(), wakeUps.max() / 1e3,
                        ownGc[0] - ownGc0[0], ownGc[1] - ownGc0[1]);
            }
            return p;
        }

        /**
         * Splits a decision's server CPU into a plain GET's, a forced journal line's (measured here, on the same disk,
         * with a thread per conversation and lines of the journals' mean length) and the rest, the service's own;
         * and says how much server CPU a decision could take at most for the target ratio, with the cores shared
         * with this load generator at the cost per answer it had in this run.
         */
        private void explainCost(Path folder, Phase posts, Phase gets, Phase reads)
                throws IOException, InterruptedException {
            int lineBytes = ForcedLines.meanJournalLine(folder);
            ForcedLines.Result force = ForcedLines.measure(folder, opt.conversations, lineBytes, FORCE_SECONDS);
            double decision = posts.serverMicrosEach();
            double get = gets.serverMicrosEach();
            out("a forced journal line on this disk (%d threads, %d-byte lines, %d s, in this process): %.0f/s, "
                    + "%.0f us of CPU each", force.threads(), force.lineBytes(), FORCE_SECONDS, force.perSecond(),
                    force.cpuMicrosEach());
            double own = decision - get - force.cpuMicrosEach();
            out("server CPU a decision: %.0f us = a plain GET's %.0f + a forced line's %.0f + the service's own %.0f "
                    + "(rules, JSON, history, inbox, events, hand-offs)", decision, get, force.cpuMicrosEach(), own);
            if (posts.jitCores >= 0) {
                double jit = posts.jitCores * 1e6 / posts.perSecond();
                out("of which the JIT compiler's threads %.0f us: still compiling after the warm-up, not in a steady "
                        + "state; the service's own without them %.0f us", jit, own - jit);
            }
            double read = reads.serverMicrosEach();
            out("server CPU a decision: %.0f us = a door's read's %.0f (a blocking endpoint, the token, the scope, a JSON"
                    + " answer; %.0f/s) + a forced line's %.0f + the command's own %.0f (its body, rules, journal, "
                    + "history, inbox, events)", decision, read, reads.perSecond(), force.cpuMicrosEach(),
                    decision - read - force.cpuMicrosEach());
            out("server CPU an answer by thread, user + kernel, in us (at 100 ticks a second): decisions: %s; plain "
                    + "GETs: %s; door's reads: %s", posts.byThread(), gets.byThread(), reads.byThread());
            double budget = (get + gets.clientMicrosEach()) / TARGET_RATIO - posts.clientMicrosEach();
            out("%.1fx the plain GET on these shared cores would leave a decision at most %.0f us of server CPU "
                    + "(with the load generator's %.0f us a decision)", TARGET_RATIO, budget, posts.clientMicrosEach());
        }

        /**
         * Where the server's Java samples went while the closed loop of decisions was measured (the recording's
         * samples in that window only, whatever the recording's own span), on the command lane and the event loops.
         */
        private void profile(Path recording, Phase window) {
            try {
                List<FlightProfile.Shares> shares = FlightProfile.read(recording, FlightProfile.DECISIONS,
                        window.from(), window.to());
                out("the server's Java samples while the decisions were measured (%s; the kernel's time is not in "
                        + "them):", recording);
                shares.forEach(s -> out("  %s", s.describe()));
            } catch (IOException | RuntimeException e) {
                out("the server's flight recording %s was not read: %s", recording, e.toString());
            }
        }

        /** Every conversation's history must hold its history messages plus every one answered 200 since. */
        private void checkHistories() {
            int wrong = 0;
            for (int c = 0; c < opt.conversations; c++) {
                BenchHttp.Answer r = send(BenchHttp.Call.get("/api/conversations/" + id(c), adminToken), 200);
                if (r == null) {
                    continue;
                }
                try {
                    JsonNode snapshot = Json.MAPPER.readTree(r.body());
                    // the snapshot shows a window of the newest messages; message_count is the whole history
                    long held = snapshot.path("message_count").asLong(-1);
                    if (held != answered.get(c)) {
                        fail("conversation " + id(c) + " holds " + held + " messages, but "
                                + answered.get(c) + " were answered 200");
                        wrong++;
                    }
                } catch (IOException e) {
                    fail("conversation " + id(c) + ": unreadable snapshot: " + e.getMessage());
                    wrong++;
                }
            }
            out("every conversation holds exactly the messages answered 200: %s", wrong == 0 ? "yes"
                    : "NO for " + wrong + " conversation(s)");
        }

        private static BenchHttp.Call put(String path, String json, String token) {
            return new BenchHttp.Call("PUT", path, token, json);
        }

        private static BenchHttp.Call post(String path, String json, String token) {
            return new BenchHttp.Call("POST", path, token, json);
        }

        /** The agent's own token (an agent acts only as itself), issued by the admin the first time it is needed. */
        private String token(String agentId) {
            return agentTokens.computeIfAbsent(agentId, id -> {
                BenchHttp.Answer r = send(post("/api/tokens", "{\"role\":\"agent\",\"agent_id\":\"" + id + "\"}",
                        adminToken), 201);
                try {
                    return r == null ? "none" : Json.MAPPER.readTree(r.body()).path("token").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        /** Sends one request; null (and a failure counted) when it fails or is answered another status. */
        private BenchHttp.Answer send(BenchHttp.Call request, int expected) {
            try {
                BenchHttp.Answer r = http.call(request);
                if (r.status() != expected) {
                    fail(request.method() + " " + request.path() + " answered " + r.status() + ": " + r.body());
                    return null;
                }
                return r;
            } catch (IOException e) {
                fail(request.method() + " " + request.path() + " failed: " + e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(request.method() + " " + request.path() + " interrupted");
                return null;
            }
        }

        private void fail(String what) {
            if (failed.incrementAndGet() <= FAILURES_SHOWN) {
                failures.add(what);
            }
        }

        private static String id(int conversation) {
            return "bench-" + conversation;
        }
    }

    /** One request of a worker's closed loop; true when it was answered as expected. */
    @FunctionalInterface
    private interface Request {
        boolean send();
    }

    /** The measured window of one loop: its latencies, and the cores each process used meanwhile. */
    private record Phase(Latencies latencies, int seconds, double serverCores, double jitCores, double clientCores,
                         PackagedService.ThreadCpu threads, Instant from, Instant to) {
        double perSecond() {
            return latencies.count() / (double) seconds;
        }

        double serverMicrosEach() {
            return serverCores * 1e6 / perSecond();
        }

        double clientMicrosEach() {
            return clientCores * 1e6 / perSecond();
        }

        /**
         * The server's CPU an answer, by kind of thread, in user + kernel mode (the kernel's share is the system
         * calls: the forced journal line, the files' writes, the sockets, the futexes of hand-offs), or "n/a".
         */
        String byThread() {
            if (threads == null) {
                return "n/a (no /proc)";
            }
            double each = 1e-3 / latencies.count();
            java.util.function.Function<PackagedService.Cpu, String> f = c -> format("%.0f + %.0f", c.user() * each,
                    c.kernel() * each);
            var workers = threads.sum(PackagedService.ThreadCpu.WORKERS);
            var lane = threads.sum(PackagedService.ThreadCpu.LANE);
            var loops = threads.sum(PackagedService.ThreadCpu.EVENT_LOOPS);
            var gc = threads.sum(PackagedService.ThreadCpu.GC);
            var jit = threads.sum(PackagedService.ThreadCpu.JIT);
            var other = threads.sum(PackagedService.ThreadCpu.WORKERS.or(PackagedService.ThreadCpu.LANE)
                    .or(PackagedService.ThreadCpu.EVENT_LOOPS).or(PackagedService.ThreadCpu.GC)
                    .or(PackagedService.ThreadCpu.JIT).negate());
            return format("request workers %s, command lane %s, event loops %s, GC %s, JIT %s, other threads %s",
                    f.apply(workers), f.apply(lane), f.apply(loops), f.apply(gc), f.apply(jit), f.apply(other));
        }
    }

    /** This process's collections so far: how many, and their milliseconds in all. */
    private static long[] ownCollections() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String format(String format, Object... args) {
        return Latencies.format(format, args);
    }

    private static void out(String format, Object... args) {
        System.out.println(format(format, args));
    }
}
