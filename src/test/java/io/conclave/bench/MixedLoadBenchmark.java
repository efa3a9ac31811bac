package io.conclave.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;

/**
 * A load test of the packaged service as agents and dashboards use it: tens of clients at once over HTTP, for a few
 * minutes. Agents (one client each) read their project's inbox and work what it gives them: start, complete,
 * acknowledge; readers list projects, tasks, meetings and reports; members of a meeting in discussion post comments.
 * Every call carries its caller's token. Reported: errors (any answer but the one expected, or none: the target is
 * 0), answers per second, the median and p99 latency of each kind of call, and the service's resident memory after
 * the warm-up, halfway and at the end, with its growth per accepted command (flat memory: the growth per command
 * tends to 0 as the run goes on; the heap is capped, so a leak shows as growth that does not level off, or as errors).
 * <pre>
 * ./mvnw -q package -DskipTests && ./mvnw -q test-compile exec:exec@benchmark-load -Dbench.args="120 40"
 * </pre>
 * Arguments: [seconds=120] [clients=40] [projects=8] [tasks=600] [warmup=15] [server-heap=512m] [server JVM
 * option...] (for example {@code -XX:+UseSerialGC}, to compare collectors); anywhere among them {@code --jar=PATH}
 * (another build's packaged service, to compare) and {@code --commands-only} (no readers: the clients that are not
 * agents post in meetings). The service's CPU over the measured seconds is printed, an answer's too.
 */
public final class MixedLoadBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int AGENTS = 5;

    private static Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static boolean commandsOnly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String admin = "cv_bench_" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
    private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    private volatile boolean measuring;
    private volatile boolean stop;
    private URI base;

    public static void main(String[] given) throws Exception {
        // --jar=PATH: the packaged service to run (another build's, to compare); --commands-only: no readers, the
        // clients that are not agents post in meetings
        String[] args = java.util.Arrays.stream(given).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        for (String a : given) {
            if (a.startsWith("--jar=")) {
                jar = Path.of(a.substring("--jar=".length()));
            } else if (a.equals("--commands-only")) {
                commandsOnly = true;
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a + " (--jar=PATH, --commands-only)");
            }
        }
        int seconds = arg(args, 0, 120);
        int clients = arg(args, 1, 40);
        int projects = arg(args, 2, 8);
        int tasks = arg(args, 3, 600);
        int warmup = arg(args, 4, 15);
        String heap = args.length > 5 ? args[5] : "512m";
        List<String> jvm = args.length > 6 ? List.of(args).subList(6, args.length) : List.of();
        System.exit(new MixedLoadBenchmark().run(seconds, clients, projects, tasks, warmup, heap, jvm));
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    private int run(int seconds, int clients, int projects, int tasks, int warmup, String heap, List<String> jvm)
            throws Exception {
        Path folder = Files.createTempDirectory("conclave-load-");
        int port = PackagedService.freePort();
        base = URI.create("http://127.0.0.1:" + port);
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap,
                "-Dconclave.rules-dir=" + Path.of("rules").toAbsolutePath(), "-Dconclave.load-projects-on-start=false",
                "-Dconclave.security.initial-admin-token=" + admin));
        options.addAll(jvm);
        PackagedService server = new PackagedService(jar, folder, port, options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(true), "stop-conclave"));
        server.start();
        if (server.awaitAnswer(http, "/q/health/ready", "UP", READY_TIMEOUT, 200) < 0) {
            System.out.println("the service did not start:\n" + server.logTail(40));
            return 1;
        }
        System.out.printf("Conclave load test: %d clients for %d s (after %d s of warm-up), %d projects of %d agents and "
                + "%d tasks, server -Xmx%s %s, load %s%n", clients, seconds, warmup, projects, AGENTS, tasks, heap,
                String.join(" ", jvm), Latencies.loadAverage());
        List<Runnable> loops = setUp(clients, projects, tasks);
        List<Thread> threads = new ArrayList<>();
        for (Runnable loop : loops) {
            Thread t = new Thread(() -> {
                while (!stop) {
                    loop.run();
                }
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup * 1000L);
        latencies.clear();
        errors.set(0);
        commands.set(0);
        measuring = true;
        long rss0 = server.residentBytes();
        long live0 = liveHeap();
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 500L);
        long rssMid = server.residentBytes();
        long liveMid = liveHeap();
        long commandsMid = commands.get();
        Thread.sleep(seconds * 500L);
        long rss1 = server.residentBytes();
        long cpu = server.cpuNanos() - cpu0;
        long live1 = liveHeap();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        measuring = false;
        stop = true;
        for (Thread t : threads) {
            t.join(15_000);
        }
        report(elapsed, rss0, rssMid, commandsMid, rss1);
        long answers = latencies.values().stream().mapToLong(Latencies::count).sum();
        System.out.printf("server CPU: %.2f cores over the measured seconds, %.0f us an answer (%d answers)%n",
                cpu / 1e9 / elapsed, answers == 0 ? 0.0 : cpu / 1e3 / answers, answers);
        System.out.printf("live heap after the last collection (jvm_gc_live_data_size_bytes): %d MB, %d MB, %d MB%n",
                live0 >> 20, liveMid >> 20, live1 >> 20);
        server.stop(true);
        return errors.get() == 0 ? 0 : 2;
    }

    /** Projects, tokens and a meeting in discussion per project; the clients' loops. */
    private List<Runnable> setUp(int clients, int projects, int tasks) throws Exception {
        List<Runnable> agents = new ArrayList<>();
        List<Runnable> readers = new ArrayList<>();
        List<Runnable> posters = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            String id = "load-" + p;
            StringBuilder body = new StringBuilder("{\"project_id\": \"" + id + "\", \"agents\": [");
            for (int a = 0; a < AGENTS; a++) {
                body.append(a == 0 ? "" : ",").append("{\"agent_id\": \"a").append(a)
                        .append("\", \"skill_levels\": {\"dev\": 9}, \"max_open_tasks\": 3}");
            }
            body.append("], \"tasks\": [");
            for (int t = 0; t < tasks; t++) {
                body.append(t == 0 ? "" : ",").append("{\"task_id\": \"t").append(t)
                        .append("\", \"estimated_hours\": 1, \"required_skills\": {\"dev\": 1}}");
            }
            send("POST", "/api/projects", body.append("]}").toString(), admin, 201, null);
            String m = id + "-sync";
            send("POST", "/api/meetings", "{\"meeting_id\": \"" + m + "\", \"topic\": \"sync\", \"creator\": \"a0\", "
                    + "\"participants\": [\"a0\", \"a1\"], \"project_id\": \"" + id + "\"}", admin, 201, null);
            for (int a = 0; a < AGENTS; a++) {
                String agent = "a" + a;
                String token = token(agent, id);
                if (a < 2) {
                    send("POST", "/api/meetings/" + m + "/join", "{\"agent_id\": \"" + agent + "\"}", token, 200, null);
                    posters.add(() -> send("POST", "/api/meetings/" + m + "/messages", "{\"agent_id\": \"" + agent
                            + "\", \"message_type\": \"comment\", \"text\": \"progress note\"}", token, 201, "meeting post"));
                }
                agents.add(() -> work(id, agent, token));
            }
            readers.add(() -> send("GET", "/api/projects/" + id + "/tasks?status=IN_PROGRESS", null, admin, 200, "task list"));
            readers.add(() -> send("GET", "/api/meetings?project_id=" + id, null, admin, 200, "meeting list"));
            readers.add(() -> send("GET", "/api/projects/" + id + "/report", null, admin, 200, "report"));
        }
        readers.add(() -> send("GET", "/api/projects", null, admin, 200, "project list"));
        // agents first (their work is the point), then readers and posters alike
        List<Runnable> loops = new ArrayList<>();
        int agentClients = Math.min(agents.size(), clients / 2);
        loops.addAll(agents.subList(0, agentClients));
        for (int i = 0; loops.size() < clients; i++) {
            loops.add(i % 2 == 0 && !commandsOnly ? readers.get((i / 2) % readers.size())
                    : posters.get((i / 2) % posters.size()));
        }
        return loops;
    }

    /** An agent's turn: its project's inbox, and each assignment in it started, completed and acknowledged. */
    private void work(String project, String agent, String token) {
        JsonNode items = send("GET", "/api/agents/" + agent + "/inbox?project_id=" + project, null, token, 200, "inbox");
        boolean worked = false;
        for (JsonNode item : items == null ? List.<JsonNode>of() : items) {
            if ("assignment".equals(item.path("kind").asText())) {
                String task = "/api/projects/" + project + "/tasks/" + item.path("task_id").asText();
                String me = "{\"agent_id\": \"" + agent + "\"}";
                send("POST", task + "/start", me, token, 200, "start");
                send("POST", task + "/complete", me, token, 200, "complete");
                worked = true;
            }
            send("POST", item.path("ack").asText(), null, token, 200, "ack");
        }
        if (!worked) {
            sleep(20); // nothing for it now: an agent polls, it does not spin
        }
    }

    /**
     * What the heap holds after the service's last garbage collection (Micrometer's {@code jvm_gc_live_data_size_bytes}
     * at /q/metrics): what it keeps, where the resident size also counts a heap that grew and was not given back.
     */
    private long liveHeap() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            System.out.println("no live heap figure: " + e);
        }
        return -1;
    }

    private String token(String agent, String project) {
        return send("POST", "/api/tokens", "{\"role\": \"agent\", \"agent_id\": \"" + agent + "\", \"projects\": [\""
                + project + "\"]}", admin, 201, null).path("token").asText();
    }

    /** One call; null (and an error counted) when its answer is not {@code expected}. {@code kind} null: not timed. */
    private JsonNode send(String method, String path, String body, String token, int expected, String kind) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (r.statusCode() != expected) {
                fail(method + " " + path + ": " + r.statusCode() + " " + r.body());
                return null;
            }
            if (kind != null && measuring) {
                Latencies l = latencies.computeIfAbsent(kind, k -> new Latencies());
                synchronized (l) {
                    l.add(took);
                }
                if (!method.equals("GET")) {
                    commands.incrementAndGet();
                }
            }
            return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            if (!stop) {
                fail(method + " " + path + ": " + e);
            }
            return null;
        }
    }

    private void fail(String what) {
        if (stop) {
            return;
        }
        if (measuring) {
            errors.incrementAndGet();
        }
        if (firstErrors.size() < 5) {
            firstErrors.add(what.length() > 300 ? what.substring(0, 300) : what);
        }
    }

    private void report(double seconds, long rss0, long rssMid, long commandsMid, long rss1) {
        Map<String, Latencies> sorted = new TreeMap<>(latencies);
        long answers = sorted.values().stream().mapToLong(Latencies::count).sum();
        System.out.printf("%-14s %9s %9s %9s %9s%n", "call", "answers", "per s", "p50 ms", "p99 ms");
        for (Map.Entry<String, Latencies> e : sorted.entrySet()) {
            Latencies l = e.getValue();
            System.out.printf("%-14s %9d %9.0f %9.1f %9.1f%n", e.getKey(), l.count(), l.count() / seconds,
                    l.median() / 1000, l.p99() / 1000);
        }
        System.out.printf("all            %9d %9.0f; errors %d (target 0)%n", answers, answers / seconds, errors.get());
        firstErrors.forEach(e -> System.out.println("  error: " + e));
        long all = commands.get();
        System.out.printf("server RSS: %d MB after the warm-up, %d MB halfway, %d MB at the end; %d commands accepted "
                        + "(%d in the first half); growth per command: %.0f bytes in the first half, %.0f in the second%n",
                rss0 >> 20, rssMid >> 20, rss1 >> 20, all, commandsMid,
                commandsMid == 0 ? 0.0 : (double) (rssMid - rss0) / commandsMid,
                all - commandsMid == 0 ? 0.0 : (double) (rss1 - rssMid) / (all - commandsMid));
        System.out.println("load average at the end: " + Latencies.loadAverage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
