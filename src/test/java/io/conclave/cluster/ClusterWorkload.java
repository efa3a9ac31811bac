package io.conclave.cluster;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.api.ProjectJson;

/**
 * A scripted workload over REST against the live nodes of a cluster, as a client behind a load balancer would
 * send it: every request to the next live node (any node, it forwards); a request that meets a dead node or a
 * 503 (an owner moving) is sent again, to another node, until a deadline. Each project is worked by its
 * agents: every assigned task started, every started task completed, a status interrupt with a reason of its
 * own after each round, until every task is completed. Every command answered 2xx is acknowledged, and kept.
 */
public final class ClusterWorkload {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> AGENTS = List.of("a1", "a2", "a3");

    /** A command the cluster acknowledged: its project, what it was (start, complete, interrupt) and its detail. */
    public record Ack(String project, String kind, String detail) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<NodeProcess> nodes;
    private final Map<String, String> agentTokens = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final AtomicLong resent = new AtomicLong();

    public ClusterWorkload(List<NodeProcess> nodes) {
        this.nodes = nodes;
    }

    /** A project of three agents and eight tasks in four waves of dependencies. */
    static String project(String id) {
        return ProjectJson.project(id).title("Workload " + id)
                .agent(agent("a1").skill("x", 5), agent("a2").skill("x", 6), agent("a3").skill("x", 7))
                .task(task("t1").needs("x", 1), task("t2").needs("x", 1), task("t3").needs("x", 1).after("t1"),
                        task("t4").needs("x", 1).after("t2"), task("t5").needs("x", 1).after("t3", "t4"),
                        task("t6").needs("x", 1).after("t5"), task("t7").needs("x", 1).after("t5"),
                        task("t8").needs("x", 1).after("t6", "t7"))
                .json();
    }

    /** Creates the projects and issues the agents' tokens (on one node: every node accepts them). */
    public void prepare(List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            HttpResponse<String> r = send("POST", "/api/projects", NodeProcess.ADMIN, project(id));
            if (r == null || r.statusCode() != 201) {
                throw new IOException("project " + id + " not created: " + (r == null ? "no answer" : r.statusCode()
                        + " " + r.body()));
            }
        }
        for (String agent : AGENTS) {
            HttpResponse<String> r = send("POST", "/api/tokens", NodeProcess.ADMIN,
                    "{\"role\":\"agent\",\"agent_id\":\"" + agent + "\"}");
            agentTokens.put(agent, JSON.readTree(r.body()).get("token").asText());
        }
        // a token is shared through Kafka: wait until every node accepts each one
        for (NodeProcess n : nodes) {
            for (String agent : AGENTS) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (call(n, "GET", "/api/agents/" + agent + "/inbox", agentTokens.get(agent), null).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("node " + n.name() + " does not accept the token of " + agent);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Works every project to its end with {@code workers} clients; {@code progress} is told each acknowledgement count. */
    public void run(List<String> ids, int workers, IntConsumer progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> done = new ArrayList<>();
        AtomicInteger acknowledged = new AtomicInteger();
        for (String id : ids) {
            done.add(pool.submit(() -> {
                work(id, () -> progress.accept(acknowledged.incrementAndGet()));
                return null;
            }));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("a worker failed", e.getCause());
            }
        }
        pool.shutdown();
    }

    private void work(String id, Runnable acked) throws IOException, InterruptedException {
        for (int round = 0; round < 30; round++) {
            JsonNode p = JSON.readTree(send("GET", "/api/projects/" + id, NodeProcess.ADMIN, null).body());
            boolean open = false;
            for (JsonNode t : p.get("tasks")) {
                String task = t.get("task_id").asText();
                String status = t.get("status").asText();
                String agent = t.path("assignee").asText(null);
                String kind = "ASSIGNED".equals(status) ? "start" : "IN_PROGRESS".equals(status) ? "complete" : null;
                open |= !"COMPLETED".equals(status);
                if (kind != null && agent != null) {
                    HttpResponse<String> r = send("POST", "/api/projects/" + id + "/tasks/" + task + "/" + kind,
                            agentTokens.get(agent), "{\"agent_id\":\"" + agent + "\"}");
                    if (r != null && r.statusCode() / 100 == 2) {
                        acks.add(new Ack(id, kind, task));
                        acked.run();
                    }
                }
            }
            String reason = id + " round " + round;
            HttpResponse<String> r = send("POST", "/api/projects/" + id + "/interrupts", NodeProcess.ADMIN,
                    "{\"action\":\"status\",\"reason\":\"" + reason + "\"}");
            if (r != null && r.statusCode() / 100 == 2) {
                acks.add(new Ack(id, "interrupt", reason));
                acked.run();
            }
            if (!open) {
                return;
            }
        }
    }

    /** Sends to the next live node; a dead node or a 503 is met by sending again to another, for up to 60 s. */
    HttpResponse<String> send(String method, String path, String token, String body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<NodeProcess> live = nodes.stream().filter(NodeProcess::alive).toList();
            NodeProcess n = live.get(Math.floorMod(next.getAndIncrement(), live.size()));
            try {
                HttpResponse<String> r = call(n, method, path, token, body);
                if (r.statusCode() != 503) {
                    return r;
                }
            } catch (IOException e) {
                // the node died under the request: its outcome is unknown, so it is not acknowledged
            }
            resent.incrementAndGet();
            Thread.sleep(100);
        }
        return null;
    }

    HttpResponse<String> call(NodeProcess n, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return call(n, method, path, token, body, Duration.ofSeconds(30));
    }

    /** One request to node {@code n}, answered within {@code timeout}. */
    HttpResponse<String> call(NodeProcess n, String method, String path, String token, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.url() + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The token of one of the workload's agents (after {@link #prepare}). */
    String token(String agent) {
        return agentTokens.get(agent);
    }

    /** The nodes still alive. */
    List<NodeProcess> liveNodes() {
        return nodes.stream().filter(NodeProcess::alive).toList();
    }

    /** GET as the admin from a live node; the body as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, NodeProcess.ADMIN, null);
        if (r == null || r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
        return JSON.readTree(r.body());
    }
}
