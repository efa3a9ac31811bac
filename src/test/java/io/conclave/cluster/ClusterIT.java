package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.kafka.KafkaSettings;

/**
 * Three Conclave nodes (the packaged application, each a process) sharing a real Kafka broker in KRaft mode,
 * started here from Kafka's own jars; a scripted workload across many projects sent to any node; one node
 * killed with {@code kill -9} half way. Then: every command the cluster acknowledged is in the final state,
 * and that state, read from the surviving nodes, is exactly what one node with journals in files rebuilds by
 * replaying the same commands (the partitions' records written as journal files). Then workflows across two
 * owners on different nodes: a project's meeting task held as a meeting another node serves, once with both
 * nodes alive and once with the project's node killed before the meeting closes. Then a planned rejoin (a node
 * stopped with SIGTERM and started again, the longest stretch any project went unserved measured:
 * {@link HandOvers}) and the broker killed under a load of writes and started again ({@link BrokerOutage}); the
 * operator's set-up (one first admin token, who serves an owner, a followable {@code Location}) is checked first
 * ({@link ClusterSetUp}). Bounded: a few minutes on two cores. It takes both cores while it runs, so the tests
 * that time a start ({@link io.conclave.api.UnvettedStartIT}) take the same lock and do not run beside it.
 */
@org.junit.jupiter.api.parallel.ResourceLock("both-cores")
// first in its lane when the whole suite runs it in surefire (io.conclave.SuiteOrder): the longest class there
@org.junit.jupiter.api.Order(1)
class ClusterIT {

    private static final int PROJECTS = 24;
    private static final int PARTITIONS = 6;

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aKilledNodesProjectsGoOnElsewhereWithNothingAcknowledgedLostAndTheDecisionsOfOneNode(
            @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker")).start(Duration.ofSeconds(90))) {
            Map<String, String> cluster = Map.of("conclave.cluster.bootstrap-servers", broker.bootstrap(),
                    "conclave.cluster.partitions", Integer.toString(PARTITIONS),
                    "conclave.cluster.replication-factor", "1",
                    "conclave.cluster.session-timeout", "4s",
                    // small, so that the partitions are replayed from snapshots as well
                    "conclave.snapshot.every", "10",
                    // no warm-up before joining (a few seconds of a core at each of five starts), but for the planned
                    // rejoin, which measures it (HandOvers); the other starts take their partitions over cold
                    "conclave.cluster.warm-up", "0s");
            List<NodeProcess> nodes = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Map<String, String> settings = with(cluster, "conclave.cluster.node-id", "node-" + i);
                if (i > 1) {
                    // nodes 2 and 3 are given no admin token: the cluster issues its first one, once
                    settings = with(settings, "conclave.security.initial-admin-token", "");
                }
                nodes.add(new NodeProcess("node-" + i, dir.resolve("node-" + i), settings));
            }
            try {
                for (NodeProcess n : nodes) {
                    n.start("320m");
                }
                for (NodeProcess n : nodes) {
                    n.awaitReady(http, Duration.ofSeconds(120));
                }
                ClusterWorkload load = new ClusterWorkload(nodes);
                awaitServed(load, 3 * PARTITIONS);
                ClusterSetUp.theClusterIssuedOneFirstAdminToken(load, nodes);
                List<String> ids = IntStream.rangeClosed(1, PROJECTS).mapToObj(i -> "p" + i).toList();
                load.prepare(ids);
                ClusterSetUp.everyNodeNamesTheServingNode(load, nodes, ids);
                ClusterSetUp.aForwardedCreationsLocationIsFollowable(load, nodes);

                // node 2 is killed once a third of the commands are acknowledged (each project takes about 14); it
                // serves some of the projects then
                NodeProcess victim = nodes.get(1);
                List<String> victims = projectsServedBy(load, "node-2", ids);
                assertFalse(victims.isEmpty(), "node 2 serves projects before it is killed");
                // the agents' inboxes of a project node 2 serves: the same ids on every node, acknowledged anywhere
                ClusterInboxes inboxes = ClusterInboxes.beforeTheKill(load, nodes, "node-2");
                AtomicBoolean killed = new AtomicBoolean();
                load.run(ids, 6, acked -> {
                    if (acked >= PROJECTS * 14 / 3 && killed.compareAndSet(false, true)) {
                        try {
                            victim.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                assertTrue(killed.get(), "node 2 was killed during the workload");
                assertFalse(victim.alive());

                // every acknowledged command is in the final state, read from the surviving nodes
                Map<String, JsonNode> projects = new TreeMap<>();
                Map<String, JsonNode> interrupts = new TreeMap<>();
                Map<String, JsonNode> decisions = new TreeMap<>();
                for (String id : ids) {
                    projects.put(id, load.get("/api/projects/" + id));
                    interrupts.put(id, load.get("/api/projects/" + id + "/interrupts"));
                    decisions.put(id, load.get("/api/projects/" + id + "/decisions"));
                }
                int checked = 0;
                for (ClusterWorkload.Ack ack : load.acks) {
                    if (ack.kind().equals("interrupt")) {
                        Set<String> reasons = new HashSet<>();
                        interrupts.get(ack.project()).forEach(r -> reasons.add(r.path("reason").asText()));
                        assertTrue(reasons.contains(ack.detail()), "acknowledged interrupt '" + ack.detail() + "' is kept");
                    } else {
                        String status = status(projects.get(ack.project()), ack.detail());
                        assertTrue(ack.kind().equals("complete") ? status.equals("COMPLETED")
                                : status.equals("IN_PROGRESS") || status.equals("COMPLETED"),
                                ack.project() + " " + ack.detail() + " acknowledged " + ack.kind() + " is " + status);
                    }
                    checked++;
                }
                // the workload ran to its end: every task of every project completed
                for (String id : ids) {
                    for (JsonNode t : projects.get(id).get("tasks")) {
                        assertEquals("COMPLETED", t.get("status").asText(), id + " " + t.get("task_id"));
                    }
                }
                assertTrue(checked >= PROJECTS * 14, "acknowledged commands: " + checked);
                ClusterSetUp.commitsAreMetered(load, nodes.get(0), true);
                ClusterSetUp.forwardedRequestsAreMeteredByRoute(load, nodes.get(0));
                System.out.printf("cluster test: %d commands acknowledged over %d projects, %d requests sent again "
                        + "(a dead node, an owner moving); node 2 served %d of them when it was killed%n", checked,
                        PROJECTS, load.resent.get(), victims.size());

                // the inboxes of the killed node's project, read on the survivors: the same ids, the acknowledged one gone
                inboxes.afterTheKill();

                // a workflow across two owners on two different (surviving) nodes: a project's meeting task held as
                // a meeting served by the other node, whose outcome spawns a task and completes the meeting task
                String spanning = meetingTaskAcrossNodes(load, nodes, "span", false);
                Path early = dir.resolve("early");
                writeJournals(broker.bootstrap(), early);
                followUpsAreJournaledOnceWithTheirActor(early.resolve(spanning), spanning);
                theLastFollowUpSentAgainIsRecognised(load, early.resolve(spanning), spanning);
                aCandidateProposedOnOneNodeIsDryRunOnAnother(load, nodes, spanning);
                // the same across a node kill: the project's node dies before the meeting closes; the meeting's
                // node sends the outcome again until it serves the project itself (it takes the partition over)
                String moved = meetingTaskAcrossNodes(load, nodes, "moved", true);

                // the killed nodes start again and join: partitions move back to them
                for (NodeProcess n : nodes) {
                    if (!n.alive()) {
                        n.start("320m");
                    }
                }
                for (NodeProcess n : nodes) {
                    n.awaitReady(http, Duration.ofSeconds(120));
                }
                // a planned rejoin (SIGTERM, then a start) hands partitions over without a long gap; the bound is
                // generous for a loaded machine (the figure is printed, see docs/cluster.md for measured ones)
                // a longer warm-up bound than the 20 s shipped: beside the rest of the suite the node's throwaway
                // project alone once took 15.8 s, and the time left rebuilt 16 of 30 owners ahead, where this test
                // asserts every one; the bound only ends a slow warm-up, a quick one takes what it needs
                nodes.get(2).set("conclave.cluster.warm-up", "60s");
                long gap = new HandOvers(load, ids).rejoin(nodes.get(2), nodes.subList(0, 2), PARTITIONS);
                // the broker killed under load and started again: no write answered 503 is kept, every 2xx is
                new BrokerOutage(load, nodes, broker, ids).run();
                // no event crossed while no node streamed; a stream on node 1 then carries another node's project's
                ClusterEvents.aStreamOnOneNodeCarriesAnotherNodesEvents(load, nodes, ids, broker.bootstrap());

                for (String id : ids) {
                    projects.put(id, load.get("/api/projects/" + id));
                    interrupts.put(id, load.get("/api/projects/" + id + "/interrupts"));
                    decisions.put(id, load.get("/api/projects/" + id + "/decisions"));
                }
                for (String id : List.of(spanning, moved)) {
                    projects.put(id, load.get("/api/projects/" + id));
                    decisions.put(id, load.get("/api/projects/" + id + "/decisions"));
                }

                // one node with journals in files replays the partitions' records: the same state, byte for byte
                Path single = dir.resolve("single");
                writeJournals(broker.bootstrap(), single.resolve("data/projects"));
                followUpsAreJournaledOnceWithTheirActor(single.resolve("data/projects").resolve(moved), moved);
                try (NodeProcess one = new NodeProcess("single", single, Map.of()).start("320m")) {
                    one.awaitReady(http, Duration.ofSeconds(120));
                    ClusterWorkload alone = new ClusterWorkload(List.of(one));
                    ClusterSetUp.commitsAreMetered(alone, one, false);
                    for (String id : List.of(spanning, moved)) {
                        assertEquals(projects.get(id), alone.get("/api/projects/" + id), id);
                        assertEquals(decisions.get(id), alone.get("/api/projects/" + id + "/decisions"), id);
                    }
                    for (String id : ids) {
                        assertEquals(projects.get(id), alone.get("/api/projects/" + id), id);
                        assertEquals(interrupts.get(id), alone.get("/api/projects/" + id + "/interrupts"), id);
                        assertEquals(decisions.get(id), alone.get("/api/projects/" + id + "/decisions"), id);
                    }
                }
                // asserted last, so that a slow hand-over does not hide what the checks above say. The bound is what
                // a loaded two-core machine gives, not the target (under 1 s). A joining node that rebuilt its
                // projects on a cold JVM left them unserved 10.5-25.7 s (load 16-26); warmed up before it joins,
                // 3.4-5.1 s (load ~10): the group's rounds, the partitions read, the projects rebuilt (26 ms to
                // 1.9 s). 15 s leaves room for a machine twice as loaded (see the limits in docs/cluster.md)
                assertTrue(gap < 15_000, "a project went unserved for " + gap + " ms during a planned rejoin");
            } finally {
                for (NodeProcess n : nodes) {
                    n.close();
                }
            }
        }
    }

    /**
     * A project whose meeting task's meeting is served by another node than the project (both alive), worked as
     * on one node: the project's node creates the meeting on the meeting's node; the agents join, propose and
     * vote there (through any node); the meeting's node reports the outcome back. Expected by hand, as on one
     * node (SpawningResourceTest): the accepted proposal "plan" becomes task sync.plan (spawned by sync), and sync
     * is started and completed by its chair a1. With {@code killProjectNode}, the project's node is killed before
     * the last vote: the meeting closes with the project's node dead, and its node delivers the outcome once it
     * has taken the project over. Returns the project's id.
     */
    private static String meetingTaskAcrossNodes(ClusterWorkload load, List<NodeProcess> nodes, String prefix,
                                                 boolean killProjectNode) throws Exception {
        Set<String> dead = new HashSet<>();
        nodes.stream().filter(n -> !n.alive()).forEach(n -> dead.add(n.name()));
        Map<String, String> projectNode = new LinkedHashMap<>();
        Map<String, String> meetingNode = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String id = null;
        while (id == null && System.nanoTime() < deadline) {
            projectNode.clear();
            meetingNode.clear();
            for (JsonNode n : load.get("/api/cluster").get("nodes")) {
                if (dead.contains(n.get("node").asText())) {
                    continue; // killed: its last announcement still names partitions the others took over
                }
                for (JsonNode p : n.get("partitions")) {
                    String tp = p.asText();
                    (tp.startsWith("conclave.projects-") ? projectNode : meetingNode).put(tp, n.get("node").asText());
                }
            }
            for (int k = 1; k <= 200 && id == null; k++) {
                String candidate = prefix + k;
                String pNode = projectNode.get("conclave.projects-" + partitionOf(candidate));
                String mNode = meetingNode.get("conclave.meetings-" + partitionOf(candidate + ".sync"));
                if (pNode != null && mNode != null && !pNode.equals(mNode)) {
                    id = candidate;
                }
            }
            if (id == null) {
                Thread.sleep(500);
            }
        }
        assertTrue(id != null, "a project and its meeting on two different live nodes: " + projectNode + " " + meetingNode);
        HttpResponse<String> created = load.send("POST", "/api/projects", NodeProcess.ADMIN, """
                {"project_id": "%s", "spawning": {},
                 "agents": [{"agent_id": "a1", "skill_levels": {"x": 5}}, {"agent_id": "a2", "skill_levels": {"x": 6}},
                            {"agent_id": "a3", "skill_levels": {"x": 7}}],
                 "tasks": [{"task_id": "sync", "description": "Plan the work", "meeting_required": true,
                            "attendees": ["a1", "a2", "a3"], "estimated_hours": 1}]}""".formatted(id));
        assertEquals(201, created.statusCode(), created.body());
        String meeting = id + ".sync";
        awaitStatus(load, "/api/meetings/" + meeting, 200);
        for (String a : List.of("a1", "a2", "a3")) {
            expect(load, a, "POST", "/api/meetings/" + meeting + "/join", "{\"agent_id\":\"" + a + "\"}", 200);
        }
        expect(load, "a1", "POST", "/api/meetings/" + meeting + "/messages", """
                {"agent_id": "a1", "message_type": "proposal", "proposal_id": "plan", "title": "Write the plan",
                 "details": "skills: x 1\\nhours: 1"}""", 201);
        expect(load, "a1", "PUT", "/api/meetings/" + meeting + "/state",
                "{\"agent_id\": \"a1\", \"new_state\": \"voting\", \"reason\": \"moving on\"}", 200);
        String pNode = projectNode.get("conclave.projects-" + partitionOf(id));
        for (String a : List.of("a1", "a2", "a3")) { // the last vote owed closes the meeting
            if (killProjectNode && a.equals("a3")) {
                NodeProcess victim = nodes.stream().filter(n -> n.name().equals(pNode)).findFirst().orElseThrow();
                victim.kill();
                assertFalse(victim.alive());
            }
            expect(load, a, "POST", "/api/meetings/" + meeting + "/votes",
                    "{\"agent_id\":\"" + a + "\",\"proposal_id\":\"plan\",\"vote\":\"yes\"}", 201);
        }
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode project = load.get("/api/projects/" + id);
        while (!status(project, "sync").equals("COMPLETED") && System.nanoTime() < until) {
            Thread.sleep(300);
            project = load.get("/api/projects/" + id);
        }
        assertEquals("COMPLETED", status(project, "sync"), "the meeting's outcome completed the meeting task: " + project);
        assertEquals("sync.plan", project.get("tasks").get(1).get("task_id").asText(), project.toString());
        assertEquals("sync", project.get("tasks").get(1).get("spawned_by").asText(), project.toString());
        System.out.printf("cluster test: project %s served by %s%s, its meeting task's meeting by %s: completed%n", id,
                pNode, killProjectNode ? " (killed before the last vote)" : "",
                meetingNode.get("conclave.meetings-" + partitionOf(id + ".sync")));
        return id;
    }

    /**
     * The follow-ups the meeting's node sent are in the project's journal once each, in the chair's name, with
     * their keys, in this order: the outcome, the start, the completion.
     */
    private static void followUpsAreJournaledOnceWithTheirActor(Path folder, String id) throws IOException {
        List<JsonNode> keyed = keyed(folder);
        String m = "meeting:" + id + ".sync:";
        assertEquals(List.of(m + "outcome", m + "start", m + "complete"),
                keyed.stream().map(e -> e.get("key").asText()).toList());
        keyed.forEach(e -> assertEquals("a1", e.get("actor").asText(), "the chair acts: " + e));
    }

    private static List<JsonNode> keyed(Path folder) throws IOException {
        List<JsonNode> keyed = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("journal.jsonl"))) {
            JsonNode e = ClusterWorkload.JSON.readTree(line);
            if (e.has("key")) {
                keyed.add(e);
            }
        }
        return keyed;
    }

    /**
     * The last follow-up sent again, as a node does after a failover, is recognised and not applied twice by the
     * node that serves the project ({@code already_applied}), and refused (503, never sent on) by the other.
     */
    private static void theLastFollowUpSentAgainIsRecognised(ClusterWorkload load, Path folder, String id)
            throws Exception {
        JsonNode last = keyed(folder).get(2);
        com.fasterxml.jackson.databind.node.ObjectNode wire = ClusterWorkload.JSON.createObjectNode().put("kind", "project")
                .put("owner_id", id).put("type", last.get("type").asText()).put("actor", "a1")
                .put("key", last.get("key").asText());
        wire.set("command", last.get("body"));
        Set<String> answers = new HashSet<>();
        for (NodeProcess n : load.liveNodes()) {
            HttpResponse<String> r = load.call(n, "POST", "/api/cluster/follow-ups", NodeProcess.ADMIN, wire.toString());
            answers.add(r.statusCode() + (r.statusCode() == 200
                    ? " " + ClusterWorkload.JSON.readTree(r.body()).get("outcome").asText() : ""));
        }
        assertEquals(Set.of("200 already_applied", "503"), answers);
    }

    private static void awaitStatus(ClusterWorkload load, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = load.send("GET", path, NodeProcess.ADMIN, null);
            if (r != null && r.statusCode() == status) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(path + " answered " + (r == null ? "nothing" : r.statusCode() + " " + r.body()));
    }

    private static void expect(ClusterWorkload load, String agent, String method, String path, String body, int status)
            throws Exception {
        HttpResponse<String> r = load.send(method, path, load.token(agent), body);
        assertEquals(status, r == null ? -1 : r.statusCode(), method + " " + path + ": " + (r == null ? "" : r.body()));
    }

    /**
     * A candidate proposed on one node is archived by every node (it travels on the policy topic): a dry run of a
     * project served by the other node finds it there. Expected: 200 from the project's node, for that version
     * (before candidates travelled, that node answered 404: it did not know the version).
     */
    private static void aCandidateProposedOnOneNodeIsDryRunOnAnother(ClusterWorkload load, List<NodeProcess> nodes,
                                                                     String projectId) throws Exception {
        String served = null;
        Set<String> alive = new HashSet<>();
        nodes.stream().filter(NodeProcess::alive).forEach(n -> alive.add(n.name()));
        for (JsonNode n : load.get("/api/cluster").get("nodes")) {
            if (!alive.contains(n.get("node").asText())) {
                continue; // a killed node's last announcement names partitions the others took over
            }
            for (JsonNode p : n.get("partitions")) {
                if (p.asText().equals("conclave.projects-" + partitionOf(projectId))) {
                    served = n.get("node").asText();
                }
            }
        }
        String projectNode = served;
        NodeProcess other = nodes.stream().filter(n -> n.alive() && !n.name().equals(projectNode)).findFirst()
                .orElseThrow();
        // a comment in a file of the smallest chapter: what travels and is dry-run is a version like any other, and only
        // that chapter is compiled (a file of common/ would have every chapter compiled on both nodes)
        String verdicts = Files.readString(Path.of("rules/rollouts/verdicts.drl")) + "\n// a candidate of the cluster test\n";
        com.fasterxml.jackson.databind.node.ObjectNode body = ClusterWorkload.JSON.createObjectNode()
                .put("note", "proposed on " + other.name());
        body.putObject("files").put("rollouts/verdicts.drl", verdicts);
        HttpResponse<String> proposed = load.call(other, "POST", "/api/policies", NodeProcess.ADMIN, body.toString());
        assertEquals(201, proposed.statusCode(), proposed.body());
        String version = ClusterWorkload.JSON.readTree(proposed.body()).path("version").path("version").asText();
        NodeProcess owner = nodes.stream().filter(n -> n.name().equals(projectNode)).findFirst().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> dry;
        do { // the record reaches the other node within a poll; compiling the candidate there takes a moment
            dry = load.call(owner, "POST", "/api/projects/" + projectId + "/dry-run", NodeProcess.ADMIN,
                    "{\"version\": \"" + version + "\"}");
            if (dry.statusCode() != 200) {
                Thread.sleep(500);
            }
        } while (dry.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, dry.statusCode(), "dry run on " + projectNode + " of a candidate proposed on " + other.name()
                + ": " + dry.body());
        assertTrue(dry.body().contains(version), dry.body());
        System.out.printf("cluster test: candidate %s proposed on %s, dry-run on %s%n", version, other.name(), projectNode);
    }

    /** Waits until the nodes together serve every partition of the three kinds' topics. */
    private static void awaitServed(ClusterWorkload load, int partitions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> served = new HashSet<>();
            for (JsonNode n : load.get("/api/cluster").get("nodes")) {
                n.get("partitions").forEach(p -> served.add(p.asText()));
            }
            if (served.size() >= partitions) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the partitions were not all served in time");
    }

    /** The projects whose partition {@code node} announced it serves. */
    static List<String> projectsServedBy(ClusterWorkload load, String node, List<String> ids) throws Exception {
        Set<String> partitions = new HashSet<>();
        for (JsonNode n : load.get("/api/cluster").get("nodes")) {
            if (n.get("node").asText().equals(node)) {
                n.get("partitions").forEach(p -> partitions.add(p.asText()));
            }
        }
        return ids.stream().filter(id -> partitions.contains("conclave.projects-" + partitionOf(id))).toList();
    }

    /** The partition of a project: what the producer chooses for a keyed record. */
    static int partitionOf(String id) {
        return partitionOf(id, PARTITIONS);
    }

    /** The partition of a project among {@code partitions}. */
    static int partitionOf(String id, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                id.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String status(JsonNode project, String task) {
        for (JsonNode t : project.get("tasks")) {
            if (t.get("task_id").asText().equals(task)) {
                return t.get("status").asText();
            }
        }
        return "missing";
    }

    /** Every committed record of the projects' topic, written as each project's journal file. */
    private static void writeJournals(String bootstrap, Path root) throws IOException {
        KafkaSettings settings = new KafkaSettings(bootstrap, "conclave.", PARTITIONS, (short) 1, "test",
                Duration.ofSeconds(10), 16 << 20);
        Map<String, StringBuilder> journals = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.reader("check"))) {
            List<TopicPartition> parts = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(settings.topic("project"), p)).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            // what every reader counts: a record carrying the latest claim before it in its partition
            Map<Integer, Long> claim = new HashMap<>();
            int passedOver = 0;
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    Header control = r.headers().lastHeader("conclave-control");
                    Header stamp = r.headers().lastHeader("conclave-claim");
                    if (control != null && new String(control.value(), StandardCharsets.UTF_8).equals("claim")) {
                        claim.put(r.partition(), r.offset());
                    } else if ((stamp == null ? -1 : Long.parseLong(new String(stamp.value(), StandardCharsets.UTF_8)))
                            != claim.getOrDefault(r.partition(), -1L)) {
                        passedOver++;
                    } else if (control == null) {
                        journals.computeIfAbsent(r.key(), k -> new StringBuilder()).append(r.value()).append('\n');
                    }
                }
            }
            System.out.printf("cluster test: %d record(s) of the project partitions passed over (written after another "
                    + "node's claim)%n", passedOver);
        }
        for (Map.Entry<String, StringBuilder> e : journals.entrySet()) {
            Path folder = root.resolve(e.getKey());
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("journal.jsonl"), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
