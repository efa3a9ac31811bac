package io.conclave.cluster;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Commands per second of one node with journals in files (the baseline), one node on Kafka and three nodes on
 * Kafka, each under the same closed loop of clients (every client sends a status interrupt to a project of its
 * own, waits for the answer, sends the next; a command is answered once journaled, on disk or acknowledged by
 * Kafka); then the failover of 100 projects: a node of three killed with kill -9, and the time until every
 * project it served has taken a command again. The broker is a real one in KRaft mode, started from Kafka's jars.
 * Everything runs on this machine: broker, nodes and clients share its cores.
 * <p>
 * {@code ./mvnw -q package -DskipTests && ./mvnw -q test-compile exec:exec@benchmark-cluster}. Arguments:
 * {@code [projects=N] [workers=N] [seconds=N] [warmup=N] [failover-projects=N] [session-timeout=DURATION] [dir=DIR]
 * [broker-jit=tiered|c1] [node-jit=c1|tiered]}: the broker runs with both compilers by default, as a broker in service
 * runs (it lives through every configuration of the run); the nodes with the first compiler only, as the test suite
 * runs them (each lives for one configuration, too short for the second compiler's work to pay back on two cores);
 * options with two leading dashes ({@code --failover-projects=0} measures commands per second only).
 */
public final class ClusterBenchmark {
    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("projects", "24", "workers", "12", "seconds", "20",
                "warmup", "8", "failover-projects", "100", "session-timeout", "6s", "dir", "target/bench-cluster",
                "broker-jit", "tiered", "node-jit", "c1"));
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !opt.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + a + "; the options: " + opt.keySet());
            }
            opt.put(kv[0], kv[1]);
        }
        for (String jit : List.of("broker-jit", "node-jit")) {
            if (!Set.of("tiered", "c1").contains(opt.get(jit))) {
                throw new IllegalArgumentException("--" + jit + " is tiered (both compilers) or c1 (the first only)");
            }
            System.setProperty(jit.replace('-', '.'), opt.get(jit)); // read by KafkaBroker and NodeProcess
        }
        Path dir = Path.of(opt.get("dir")).toAbsolutePath();
        deleteTree(dir);
        int projects = Integer.parseInt(opt.get("projects"));
        int workers = Integer.parseInt(opt.get("workers"));
        int seconds = Integer.parseInt(opt.get("seconds"));
        int warmup = Integer.parseInt(opt.get("warmup"));
        String timeout = opt.get("session-timeout");
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("closed loop: %d clients, %d projects, %d s warm-up, %d s measured; %d cores, load average "
                + "%.1f; JIT: broker %s, nodes %s%n", workers, projects, warmup, seconds,
                Runtime.getRuntime().availableProcessors(), load(), opt.get("broker-jit"), opt.get("node-jit"));
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker")).start(Duration.ofSeconds(90))) {
            Rate files = throughput(http, broker, List.of(node(dir, "files", Map.of())), projects, workers, warmup,
                    seconds, false)[0];
            System.out.printf("1 node, journals in files (baseline): %s%n", files);
            Rate one = throughput(http, broker, cluster(dir, broker, "one", 1, timeout), projects, workers, warmup,
                    seconds, false)[0];
            System.out.printf("1 node on Kafka: %s (%.2f of the baseline)%n", one, one.perSecond() / files.perSecond());
            Rate[] three = throughput(http, broker, cluster(dir, broker, "three", 3, timeout), projects, workers,
                    warmup, seconds, true);
            System.out.printf("3 nodes on Kafka, each request to any node (two in three forwarded): %s (%.2f of the "
                    + "baseline, %.2f of one node on Kafka)%n", three[0], three[0].perSecond() / files.perSecond(),
                    three[0].perSecond() / one.perSecond());
            System.out.printf("3 nodes on Kafka, each request to the node serving its project: %s (%.2f of the "
                    + "baseline, %.2f of one node on Kafka)%n", three[1], three[1].perSecond() / files.perSecond(),
                    three[1].perSecond() / one.perSecond());
            if (Integer.parseInt(opt.get("failover-projects")) > 0) { // 0: throughput only
                failover(http, cluster(dir, broker, "failover", 3, timeout),
                        Integer.parseInt(opt.get("failover-projects")), timeout);
            }
        }
        System.out.printf("load average at the end: %.1f%n", load());
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A node as shipped: the policy compiler warms up after the start, as in the figures of docs/cluster.md. */
    private static NodeProcess node(Path dir, String name, Map<String, String> settings) throws Exception {
        Map<String, String> shipped = new java.util.HashMap<>(settings);
        shipped.putIfAbsent("conclave.rules.warm-up", "true");
        return new NodeProcess(name, dir.resolve(name), shipped);
    }

    /** {@code n} nodes of a cluster whose topics start with {@code conclave.<name>.}; 12 partitions per kind (the default). */
    private static List<NodeProcess> cluster(Path dir, KafkaBroker broker, String name, int n, String sessionTimeout)
            throws Exception {
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(node(dir, name + "-" + i, Map.of("conclave.cluster.bootstrap-servers", broker.bootstrap(),
                    "conclave.cluster.replication-factor", "1", "conclave.cluster.topic-prefix", "conclave." + name + ".",
                    "conclave.cluster.node-id", name + "-" + i, "conclave.cluster.session-timeout", sessionTimeout)));
        }
        return nodes;
    }

    private static void startAll(HttpClient http, List<NodeProcess> nodes, int partitions) throws Exception {
        for (NodeProcess n : nodes) {
            n.start("384m");
        }
        for (NodeProcess n : nodes) {
            n.awaitReady(http, Duration.ofSeconds(120));
        }
        if (partitions > 0) {
            ClusterWorkload load = new ClusterWorkload(nodes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                java.util.Set<String> served = new java.util.HashSet<>();
                List<String> holders = new ArrayList<>();
                for (JsonNode a : load.get("/api/cluster").get("nodes")) {
                    a.get("partitions").forEach(p -> served.add(p.asText()));
                    if (a.get("partitions").size() > 0) {
                        holders.add(a.get("node").asText());
                    }
                }
                if (served.size() >= partitions && holders.size() == nodes.size()) {
                    awaitCompilersWarm(nodes);
                    return;
                }
                Thread.sleep(300);
            }
            throw new IllegalStateException("the cluster did not settle");
        }
        awaitCompilersWarm(nodes);
    }

    /**
     * Waits until every node's log says its policy compiler is warm: the warm-up (on, as shipped) takes a core for
     * several seconds once a node serves its partitions (it rehearses an edit in every chapter), and the figures are
     * for nodes past it, not for the seconds after a start that all of them share here on one machine's cores.
     */
    private static void awaitCompilersWarm(List<NodeProcess> nodes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (NodeProcess n : nodes) {
            java.nio.file.Path log = n.folder().resolve("server.log");
            while (!Files.exists(log) || !Files.readString(log).contains("the policy compiler is warm")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + n.name() + " did not log that its compiler is warm");
                }
                Thread.sleep(300);
            }
        }
    }

    /**
     * Commands answered per second under a closed loop of {@code workers} clients, each request sent to the next
     * node in turn; with {@code direct}, then also with each request sent to the node serving its project.
     */
    private static Rate[] throughput(HttpClient http, KafkaBroker broker, List<NodeProcess> nodes, int projects,
                                     int workers, int warmup, int seconds, boolean direct) throws Exception {
        try {
            startAll(http, nodes, nodes.get(0).name().equals("files") ? 0 : 36);
            ClusterWorkload load = new ClusterWorkload(nodes);
            List<String> ids = IntStream.rangeClosed(1, projects).mapToObj(i -> "b" + i).toList();
            for (String id : ids) {
                HttpResponse<String> r = load.send("POST", "/api/projects", NodeProcess.ADMIN, ClusterWorkload.project(id));
                if (r == null || r.statusCode() != 201) {
                    throw new IllegalStateException("project " + id + " not created");
                }
            }
            Rate anyNode = measure(broker, nodes, ids, id -> load.send("POST", "/api/projects/" + id + "/interrupts",
                    NodeProcess.ADMIN, STATUS), workers, warmup, seconds);
            if (!direct) {
                return new Rate[] {anyNode};
            }
            Map<String, NodeProcess> owners = new LinkedHashMap<>();
            String prefix = nodes.get(0).name().replaceFirst("-\\d+$", "");
            for (String id : ids) {
                String owner = servingNode(load, "conclave." + prefix + ".projects-" + ClusterIT.partitionOf(id, 12));
                owners.put(id, nodes.stream().filter(n -> n.name().equals(owner)).findFirst().orElseThrow());
            }
            Rate toOwner = measure(broker, nodes, ids, id -> load.call(owners.get(id), "POST", "/api/projects/" + id + "/interrupts",
                    NodeProcess.ADMIN, STATUS), workers, warmup, seconds);
            return new Rate[] {anyNode, toOwner};
        } finally {
            for (NodeProcess n : nodes) {
                n.close();
            }
        }
    }

    private static final String STATUS = "{\"action\":\"status\",\"reason\":\"bench\"}";

    /** One request of the closed loop: the answer, or null when none came. */
    private interface Request {
        HttpResponse<String> send(String project) throws Exception;
    }

    /**
     * What a closed loop measured: commands answered 2xx per second, the median and 99th percentile of their times,
     * the mean time inside the serving node's command, and the CPU time per command of the nodes, the broker and
     * the clients (this process), over the counted seconds; with Kafka, the writes its writer's batches carried on average.
     */
    record Rate(double perSecond, double p50Millis, double p99Millis, double serverMillis, double nodeCpuMillis,
                double brokerCpuMillis, double clientCpuMillis, double writesPerBatch) {
        @Override
        public String toString() {
            return String.format("%.0f commands/s, p50 %.0f ms, p99 %.0f ms; in the serving node's command %.1f ms on "
                    + "average; CPU per command: nodes %.1f ms, broker %.1f ms, clients %.1f ms", perSecond, p50Millis,
                    p99Millis, serverMillis, nodeCpuMillis, brokerCpuMillis, clientCpuMillis)
                    + (writesPerBatch > 0 ? String.format("; %.1f writes a batch", writesPerBatch) : "");
        }
    }

    /** CPU time used so far, in nanoseconds: by the nodes, the broker, and this process (the clients). */
    private static long[] cpu(KafkaBroker broker, List<NodeProcess> nodes) {
        long n = 0;
        for (NodeProcess p : nodes) {
            n += p.cpu().toNanos();
        }
        return new long[] {n, broker.cpu().toNanos(),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos()};
    }

    /**
     * The accepted project commands' total time and count, summed over the nodes' {@code /q/metrics}
     * ({@code conclave_commands_seconds}: from the command's arrival at its owner to its answer, the owner's lock,
     * the rules and the journal's commit included; HTTP and forwarding not); then the writes committed to Kafka and
     * the writer's batches that carried them ({@code conclave_cluster_commit_writes}).
     */
    private static double[] commandTime(List<NodeProcess> nodes) {
        double[] total = new double[4];
        for (NodeProcess n : nodes) {
            try {
                HttpResponse<String> r = new ClusterWorkload(List.of(n)).call(n, "GET", "/q/metrics", NodeProcess.ADMIN,
                        null);
                for (String line : r.body().split("\n")) {
                    if (line.startsWith("conclave_commands_seconds_") && line.contains("outcome=\"accepted\"")
                            && line.contains("owner_kind=\"project\"")) {
                        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        if (line.startsWith("conclave_commands_seconds_sum")) {
                            total[0] += v;
                        } else if (line.startsWith("conclave_commands_seconds_count")) {
                            total[1] += v;
                        }
                    } else if (line.startsWith("conclave_cluster_commit_writes_sum")) {
                        total[2] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    } else if (line.startsWith("conclave_cluster_commit_writes_count")) {
                        total[3] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            } catch (Exception e) {
                // no figure from this node
            }
        }
        return total;
    }

    /** Runs the closed loop for the warm-up, then counts the answers 2xx for {@code seconds}, and their times. */
    private static Rate measure(KafkaBroker broker, List<NodeProcess> nodes, List<String> ids, Request request,
                                int workers, int warmup, int seconds) throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean counting = new AtomicBoolean();
        java.util.concurrent.ConcurrentLinkedQueue<Long> times = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            int me = w;
            pool.submit(() -> {
                long n = 0;
                while (!stop.get()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> r = request.send(ids.get((int) ((me + n++ * workers) % ids.size())));
                    if (r != null && r.statusCode() / 100 == 2) {
                        answered.incrementAndGet();
                        if (counting.get()) {
                            times.add(System.nanoTime() - sent);
                        }
                    }
                }
                return null;
            });
        }
        Thread.sleep(warmup * 1000L);
        double[] before = commandTime(nodes);
        long[] cpuBefore = cpu(broker, nodes);
        long from = answered.get();
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = answered.get() - from;
        long[] cpuAfter = cpu(broker, nodes);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        counting.set(false);
        double[] after = commandTime(nodes);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        double per = 1e6 * Math.max(1, count);
        return new Rate(rate, percentile(sorted, 0.50), percentile(sorted, 0.99),
                (after[0] - before[0]) * 1000 / Math.max(1, after[1] - before[1]), (cpuAfter[0] - cpuBefore[0]) / per,
                (cpuAfter[1] - cpuBefore[1]) / per, (cpuAfter[2] - cpuBefore[2]) / per,
                (after[2] - before[2]) / Math.max(1, after[3] - before[3]));
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    /** The node that announced it serves {@code partition}. */
    private static String servingNode(ClusterWorkload load, String partition) throws Exception {
        for (JsonNode n : load.get("/api/cluster").get("nodes")) {
            for (JsonNode p : n.get("partitions")) {
                if (p.asText().equals(partition)) {
                    return n.get("node").asText();
                }
            }
        }
        throw new IllegalStateException("no node serves " + partition);
    }

    /**
     * Creates {@code count} projects on three nodes, kills the third node with kill -9, and times how long until
     * each project it served takes a command again through the surviving nodes (each request sent again every
     * 100 ms while the answer is a dead node or 503, an owner moving). The time includes the group's wait for the
     * silent node (the session timeout) and the takeover: the snapshots and records of the partitions read again,
     * the owners' sessions rebuilt.
     */
    private static void failover(HttpClient http, List<NodeProcess> nodes, int count, String sessionTimeout)
            throws Exception {
        try {
            startAll(http, nodes, 36);
            ClusterWorkload load = new ClusterWorkload(nodes);
            List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> "f" + i).toList();
            for (String id : ids) {
                HttpResponse<String> r = load.send("POST", "/api/projects", NodeProcess.ADMIN, ClusterWorkload.project(id));
                if (r == null || r.statusCode() != 201) {
                    throw new IllegalStateException("project " + id + " not created");
                }
                // a little history per project, so that a takeover has commands to replay
                for (int i = 0; i < 5; i++) {
                    load.send("POST", "/api/projects/" + id + "/interrupts", NodeProcess.ADMIN, STATUS);
                }
            }
            NodeProcess victim = nodes.get(2);
            List<String> victims = projectsServedBy(load, victim.name(), ids);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<java.util.concurrent.Future<Long>> done = new ArrayList<>();
            long killed = System.nanoTime();
            victim.kill();
            for (String id : victims) {
                done.add(pool.submit(() -> {
                    HttpResponse<String> r = load.send("POST", "/api/projects/" + id + "/interrupts", NodeProcess.ADMIN,
                            "{\"action\":\"status\",\"reason\":\"after the failover\"}");
                    if (r == null || r.statusCode() / 100 != 2) {
                        throw new IllegalStateException(id + " did not take a command after the failover");
                    }
                    return System.nanoTime();
                }));
            }
            long first = Long.MAX_VALUE;
            long last = 0;
            for (var f : done) {
                long t = f.get();
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            pool.shutdown();
            List<String> takeovers = new ArrayList<>();
            for (NodeProcess n : nodes.subList(0, 2)) {
                JsonNode c = new ClusterWorkload(List.of(n)).get("/api/cluster");
                c.get("takeovers").forEach(t -> takeovers.add(c.get("node").asText() + ": " + t.asText()));
            }
            System.out.printf("failover: %d projects, %d of them on the killed node; the first took a command again "
                    + "%d ms after kill -9, the last %d ms after (session timeout %s)%n", count, victims.size(),
                    (first - killed) / 1_000_000, (last - killed) / 1_000_000, sessionTimeout);
            System.out.println("takeovers (partition, owners rebuilt, ms): " + takeovers.subList(
                    Math.max(0, takeovers.size() - 12), takeovers.size()));
        } finally {
            for (NodeProcess n : nodes) {
                n.close();
            }
        }
    }

    private static List<String> projectsServedBy(ClusterWorkload load, String node, List<String> ids) throws Exception {
        java.util.Set<String> partitions = new java.util.HashSet<>();
        for (JsonNode n : load.get("/api/cluster").get("nodes")) {
            if (n.get("node").asText().equals(node)) {
                n.get("partitions").forEach(p -> partitions.add(p.asText()));
            }
        }
        return ids.stream().filter(id -> partitions.contains("conclave.failover.projects-" + ClusterIT.partitionOf(id, 12)))
                .toList();
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
