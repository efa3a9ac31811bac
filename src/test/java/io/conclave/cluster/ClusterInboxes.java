package io.conclave.cluster;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The agents' inboxes of a cluster, read and acknowledged through every node: a project served by the node that
 * will be killed holds items for the workload's agents (the assignments of its three tasks at creation, then a
 * notice for each task's holder when the operator changes the task's priority). Before the kill: every node lists
 * the same items under the same ids, and every node's own copy (its stream's backlog, which is not gathered) holds
 * them under those ids; an item acknowledged by its agent on a node that does not serve the project leaves the list
 * on every node, and another agent may not acknowledge it. After the kill: every surviving node lists the same ids
 * (the project now served by a survivor), without the acknowledged item, and a stream resumed on a survivor after
 * the agent's first item starts right after it.
 */
final class ClusterInboxes {
    private final ClusterWorkload load;
    private final String project;
    /** Each agent's item ids of the project before the kill, in the listed order. */
    private final Map<String, List<String>> before = new LinkedHashMap<>();
    private String acked;
    private String ackedBy;

    private ClusterInboxes(ClusterWorkload load, String project) {
        this.load = load;
        this.project = project;
    }

    /** Creates the project on the partition {@code node} serves and checks the inboxes with every node alive. */
    static ClusterInboxes beforeTheKill(ClusterWorkload load, List<NodeProcess> nodes, String node) throws Exception {
        String id = null;
        for (int k = 1; k <= 200 && id == null; k++) {
            if (!ClusterIT.projectsServedBy(load, node, List.of("inbox" + k)).isEmpty()) {
                id = "inbox" + k;
            }
        }
        assertTrue(id != null, "a project id on a partition of " + node);
        long start = System.nanoTime();
        HttpResponse<String> created = load.send("POST", "/api/projects", NodeProcess.ADMIN, project(id)
                .agent(agent("a1").skill("x", 5), agent("a2").skill("x", 6), agent("a3").skill("x", 7))
                .task(task("q1").needs("x", 1), task("q2").needs("x", 1), task("q3").needs("x", 1))
                .json());
        assertEquals(201, created.statusCode(), created.body());
        for (String task : List.of("q1", "q2", "q3")) {
            HttpResponse<String> r = load.send("POST", "/api/projects/" + id + "/interrupts", NodeProcess.ADMIN,
                    "{\"action\": \"reprioritise\", \"task_id\": \"" + task + "\", \"priority\": 2}");
            assertEquals(202, r.statusCode(), r.body());
        }
        ClusterInboxes c = new ClusterInboxes(load, id);
        NodeProcess serving = nodes.stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
        // the lists through the serving node: three assignments and three notices in all, for whoever holds the tasks
        int total = 0;
        for (String agent : ClusterWorkload.AGENTS) {
            List<String> ids = c.awaitListed(serving, agent, -1);
            c.before.put(agent, ids);
            total += ids.size();
        }
        assertEquals(6, total, "three assignments and three notices: " + c.before);
        // every node lists the same ids, and keeps them in its own copy (its stream's backlog, read locally)
        for (NodeProcess n : nodes) {
            for (String agent : ClusterWorkload.AGENTS) {
                assertEquals(c.before.get(agent), c.awaitListed(n, agent, c.before.get(agent).size()), n.name() + " " + agent);
                if (!c.before.get(agent).isEmpty()) {
                    assertEquals(c.before.get(agent), c.streamed(n, agent, null, c.before.get(agent).size()),
                            "the backlog of " + agent + "'s stream on " + n.name());
                }
            }
        }
        // a notice acknowledged by its agent on a node that does not serve the project: gone from every node's list
        for (Map.Entry<String, List<String>> e : c.before.entrySet()) {
            if (c.acked == null && !e.getValue().isEmpty()) {
                c.ackedBy = e.getKey();
                c.acked = e.getValue().get(e.getValue().size() - 1); // the last: a notice (after the assignments)
            }
        }
        NodeProcess other = nodes.stream().filter(n -> !n.name().equals(node)).findFirst().orElseThrow();
        String stranger = ClusterWorkload.AGENTS.stream().filter(a -> !a.equals(c.ackedBy)).findFirst().orElseThrow();
        HttpResponse<String> r = load.call(other, "POST", "/api/agents/" + c.ackedBy + "/inbox/" + c.acked + "/ack",
                load.token(stranger), null);
        assertEquals(403, r.statusCode(), "another agent's token: " + r.body());
        assertTrue(r.body().contains("not_yourself"), r.body());
        r = load.call(other, "POST", "/api/agents/" + stranger + "/inbox/" + c.acked + "/ack", load.token(stranger), null);
        assertEquals(403, r.statusCode(), "another agent's item: " + r.body());
        assertTrue(r.body().contains("not_your_item"), r.body());
        r = load.call(other, "POST", "/api/agents/" + c.ackedBy + "/inbox/" + c.acked + "/ack", load.token(c.ackedBy), null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(true, ClusterWorkload.JSON.readTree(r.body()).get("acked").asBoolean(), r.body());
        List<String> left = new ArrayList<>(c.before.get(c.ackedBy));
        left.remove(c.acked);
        for (NodeProcess n : nodes) {
            assertEquals(left, c.awaitListed(n, c.ackedBy, left.size()), "after the acknowledgement, on " + n.name());
        }
        System.out.printf("cluster test: inbox items of project %s (served by %s) listed under the same ids on every "
                + "node; %s acknowledged on %s (%d ms)%n", id, node, c.acked, other.name(),
                (System.nanoTime() - start) / 1_000_000);
        return c;
    }

    /** After the kill: the same ids on every survivor, the acknowledged item still acknowledged, a resumed stream. */
    void afterTheKill() throws Exception {
        long start = System.nanoTime();
        for (NodeProcess n : load.liveNodes()) {
            for (String agent : ClusterWorkload.AGENTS) {
                List<String> expected = new ArrayList<>(before.get(agent));
                expected.remove(acked);
                assertEquals(expected, awaitListed(n, agent, expected.size()), "after the kill, " + agent + " on " + n.name());
                if (expected.size() > 1) {
                    // resumed after the agent's first item: the others, from that item on, in the same order
                    assertEquals(expected.subList(1, expected.size()), streamed(n, agent, expected.get(0),
                            expected.size() - 1), "a stream of " + agent + " resumed on " + n.name());
                }
            }
        }
        System.out.printf("cluster test: after the kill the survivors list the same inbox ids of %s, %s still "
                + "acknowledged (%d ms)%n", project, acked, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The ids of the agent's items of the project listed through {@code n} (JSON, gathered from every node), once
     * there are {@code count} of them (-1: once the list is not empty and has not changed for half a second), for up
     * to 30 s (the project's partition may be moving).
     */
    private List<String> awaitListed(NodeProcess n, String agent, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> ids = List.of();
        List<String> previous = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = load.call(n, "GET", "/api/agents/" + agent + "/inbox", load.token(agent), null);
            if (r.statusCode() == 200) {
                ids = new ArrayList<>();
                for (JsonNode item : ClusterWorkload.JSON.readTree(r.body())) {
                    if (project.equals(item.path("project_id").asText())) {
                        ids.add(item.get("item_id").asText());
                    }
                }
                if (count >= 0 ? ids.size() == count : ids.equals(previous)) {
                    return ids;
                }
                previous = ids;
            }
            Thread.sleep(count >= 0 ? 200 : 500);
        }
        return ids;
    }

    /**
     * The ids of the project's items the agent's stream on {@code n} delivers first (after {@code lastEventId}),
     * once {@code count} of them arrived (or 10 s passed).
     */
    private List<String> streamed(NodeProcess n, String agent, String lastEventId, int count) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.url() + "/api/agents/" + agent + "/inbox"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + load.token(agent));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        BlockingQueue<String> ids = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && id != null && data.length() > 0) {
                        if (project.equals(ClusterWorkload.JSON.readTree(data.toString()).path("project_id").asText())) {
                            ids.add(id);
                        }
                        id = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception ignored) {
                // closed when the test has what it needs
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            String id = ids.poll(200, TimeUnit.MILLISECONDS);
            if (id != null) {
                got.add(id);
            }
        }
        response.body().close();
        assertFalse(got.isEmpty() && count == 0, "nothing expected");
        return got;
    }
}
