package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an operator meets when setting a cluster up, checked on the cluster test's three live nodes: one first admin
 * token for the whole cluster, {@code /api/cluster/owners/{kind}/{id}} naming the node that serves an owner, and a
 * forwarded creation's {@code Location} a client can follow on the node it asked.
 */
final class ClusterSetUp {
    private ClusterSetUp() {
    }

    /**
     * Node 1 was given an admin token, nodes 2 and 3 none: of those two, exactly one wrote the cluster's first admin
     * token to its data folder (the first to claim it on the tokens topic), the other none, and that token is an
     * admin's on every node (before, each node issued its own: three admins).
     */
    static void theClusterIssuedOneFirstAdminToken(ClusterWorkload load, List<NodeProcess> nodes) throws Exception {
        List<Path> files = new ArrayList<>();
        for (NodeProcess n : nodes) {
            Path file = n.folder().resolve("data").resolve("admin.token");
            if (Files.exists(file)) {
                files.add(file);
            }
        }
        assertEquals(1, files.size(), "one node holds the cluster's first admin token: " + files);
        assertFalse(files.get(0).startsWith(nodes.get(0).folder()), "node 1 had one of its own: it issues none");
        String token = Files.readString(files.get(0)).strip();
        for (NodeProcess n : nodes) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status;
            do { // a token travels to the other nodes within a poll
                status = load.call(n, "GET", "/api/cluster", token, null).statusCode();
            } while (status != 200 && System.nanoTime() < deadline && sleep(200));
            assertEquals(200, status, "the first admin token is an admin's on " + n.name());
        }
    }

    /**
     * Every node names the same serving node for each project, the one whose announcement in {@code /api/cluster}
     * lists the project's partition (murmur2 of the id, as the producer picks it: {@link ClusterIT#partitionOf}),
     * with that node's URL; the serving node says {@code serving}, the others {@code forwarding to its node}. A kind
     * that is not an owner's is 404.
     */
    static void everyNodeNamesTheServingNode(ClusterWorkload load, List<NodeProcess> nodes, List<String> ids)
            throws Exception {
        Map<String, String> byPartition = new HashMap<>();
        Map<String, String> urls = new HashMap<>();
        for (JsonNode a : load.get("/api/cluster").get("nodes")) {
            a.get("partitions").forEach(p -> byPartition.put(p.asText(), a.get("node").asText()));
        }
        nodes.forEach(n -> urls.put(n.name(), n.url()));
        for (String id : ids) {
            String partition = "conclave.projects-" + ClusterIT.partitionOf(id);
            String serving = byPartition.get(partition);
            for (NodeProcess n : nodes) {
                JsonNode o = ClusterWorkload.JSON.readTree(load.call(n, "GET", "/api/cluster/owners/project/" + id,
                        NodeProcess.ADMIN, null).body());
                assertEquals(partition, o.path("partition").asText(), n.name() + ": " + o);
                assertEquals(serving, o.path("served_by").asText(), n.name() + ": " + o);
                assertEquals(urls.get(serving), o.path("url").asText(), n.name() + ": " + o);
                assertEquals(n.name().equals(serving) ? "serving" : "forwarding to its node", o.path("here").asText(),
                        n.name() + ": " + o);
            }
        }
        HttpResponse<String> wrong = load.call(nodes.get(0), "GET", "/api/cluster/owners/task/x", NodeProcess.ADMIN, null);
        assertEquals(404, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("kind_not_found"), wrong.body());
    }

    /**
     * A project created through node 1 while another node serves its partition: the creation is forwarded there, and
     * the answer's {@code Location} is on node 1's address (the one the client used), not on the serving node's, and
     * node 1 answers it with the project. Returns the project's id.
     */
    static String aForwardedCreationsLocationIsFollowable(ClusterWorkload load, List<NodeProcess> nodes)
            throws Exception {
        NodeProcess asked = nodes.get(0);
        String id = null;
        for (int k = 1; id == null && k <= 200; k++) {
            JsonNode o = ClusterWorkload.JSON.readTree(load.call(asked, "GET", "/api/cluster/owners/project/where" + k,
                    NodeProcess.ADMIN, null).body());
            if (!o.path("served_by").isNull() && !o.path("served_by").asText().equals(asked.name())) {
                id = "where" + k;
            }
        }
        assertTrue(id != null, "a project another node serves");
        HttpResponse<String> created = load.call(asked, "POST", "/api/projects", NodeProcess.ADMIN,
                ClusterWorkload.project(id));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElse("");
        assertEquals(asked.url() + "/api/projects/" + id, location, "the Location of a forwarded creation");
        HttpResponse<String> followed = load.call(asked, "GET", location.substring(asked.url().length()),
                NodeProcess.ADMIN, null);
        assertEquals(200, followed.statusCode(), followed.body());
        return id;
    }

    /**
     * A node's {@code /q/metrics} meters its writer's transactions ({@code conclave_cluster_commit_seconds}, one sample
     * a commit) and the writes each carried ({@code conclave_cluster_commit_writes}): with Kafka, as many samples of
     * each, at least one write a transaction; without Kafka, none.
     */
    static void commitsAreMetered(ClusterWorkload load, NodeProcess node, boolean onKafka) throws Exception {
        String scrape = load.call(node, "GET", "/q/metrics", NodeProcess.ADMIN, null).body();
        double commits = sample(scrape, "conclave_cluster_commit_seconds_count");
        if (!onKafka) {
            assertEquals(0.0, commits + sample(scrape, "conclave_cluster_commit_writes_count"),
                    "a node without Kafka meters no commit");
            return;
        }
        double batches = sample(scrape, "conclave_cluster_commit_writes_count");
        double writes = sample(scrape, "conclave_cluster_commit_writes_sum");
        assertTrue(commits > 0 && commits == batches && writes >= commits,
                node.name() + ": commits " + commits + ", batches " + batches + ", writes " + writes);
        System.out.printf("cluster test: %s committed %.0f transactions of %.0f writes (%.2f a transaction)%n",
                node.name(), commits, writes, writes / commits);
    }

    /**
     * The node's HTTP metrics name routes, not owners: the requests it forwarded (the workload sends each to any
     * node) are kept under their owner's kind ({@code /api/projects/{project_id}/**}), with no series of a project's own id.
     * Before, each forwarded request was metered under its raw path until the binder's 100 URI tags were used up.
     */
    static void forwardedRequestsAreMeteredByRoute(ClusterWorkload load, NodeProcess node) throws Exception {
        String scrape = load.call(node, "GET", "/q/metrics", NodeProcess.ADMIN, null).body();
        java.util.Set<String> uris = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"",
                java.util.regex.Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            uris.add(m.group(1));
        }
        assertTrue(uris.contains("/api/projects/{project_id}/**"), node.name() + " metered no forwarded request: " + uris);
        assertTrue(uris.stream().noneMatch(u -> u.matches("/api/(admin/)?(projects|meetings|conversations)/[^{].*")),
                node.name() + " meters an owner's id: " + uris);
    }

    /** The value of a sample of a Prometheus scrape (a meter without tags of its own: one line). */
    private static double sample(String scrape, String name) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " is not in the scrape");
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
