package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Kafka broker killed ({@code kill -9}) under a load of writes, then started again: what clients were told must
 * be true. Four clients send status interrupts, each with a reason of its own, to the live nodes in turn and keep
 * every answer (a fifth joins them once the nodes' readiness is down); after a 503 the client reads the project's
 * interrupts at once on another node. Expected, by what the answers promise: every interrupt answered 2xx is in the
 * project's interrupts afterwards, once; every one answered 503 is not (not then, not afterwards); one answered 504
 * (its fate unknown) is there at most once; nothing else is answered (no 404, no 500). While the broker is down the
 * nodes' readiness is down, the first 503 comes within the write timeout (5 s) of the kill, the writes queued
 * behind it at once, and once a node found Kafka unreachable a write is refused at once (in under 2 s here, a
 * loaded machine; no wait for Kafka); once it is back, every node is ready again and writes are answered 2xx.
 */
final class BrokerOutage {
    /** One write and what it was answered: HTTP status (-1: no answer), error code, when it was sent, its time. */
    record Answer(String project, String reason, int status, String error, long sentNanos, long millis) {
    }

    private final ClusterWorkload load;
    private final List<NodeProcess> nodes;
    private final KafkaBroker broker;
    private final List<String> projects;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Reads right after a 503 that showed the refused interrupt: must stay empty. */
    private final ConcurrentLinkedQueue<String> dirty = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The project each client is writing to now (by client number). */
    private final Map<Integer, String> sending = new ConcurrentHashMap<>();

    BrokerOutage(ClusterWorkload load, List<NodeProcess> nodes, KafkaBroker broker, List<String> projects) {
        this.load = load;
        this.nodes = nodes;
        this.broker = broker;
        this.projects = projects;
    }

    void run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int me = w;
            writers.add(pool.submit(() -> {
                write(me);
                return null;
            }));
        }
        Thread.sleep(3000);
        long killed = System.nanoTime();
        broker.kill();
        long down = awaitReadiness(503, Duration.ofSeconds(30));
        // a fifth client once the nodes know: the four may each be waiting on a write sent before (or as) the broker
        // died, whose fate is settled only once Kafka answers again (conclave.cluster.unknown-wait), and then send
        // nothing meanwhile; a write sent now must be refused at once
        writers.add(pool.submit(() -> {
            write(4);
            return null;
        }));
        Thread.sleep(6000); // writes go on against the dead broker
        long restart = System.nanoTime();
        broker.start(Duration.ofSeconds(120));
        long started = System.nanoTime();
        long up = awaitReadiness(200, Duration.ofSeconds(150));
        // and after it: 3 s, or until a write sent after it is taken, at most 10 s (a node's first commit after the
        // broker's return has been seen to wait out the write timeout, 5 s: docs/cluster.md, limits)
        long enough = up + Duration.ofSeconds(3).toNanos();
        long most = up + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < most && (System.nanoTime() < enough
                || answers.stream().noneMatch(a -> a.status() / 100 == 2 && a.sentNanos() > up))) {
            Thread.sleep(100);
        }
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        check(killed, restart, up);
        System.out.printf("broker outage: readiness down on every node %d ms after kill -9, up again %d ms after the "
                + "broker answered (%d ms to start it)%n", (down - killed) / 1_000_000, (up - started) / 1_000_000,
                (started - restart) / 1_000_000);
    }

    private void write(int me) throws InterruptedException {
        for (int n = 0; !stop.get(); n++) {
            String project = projects.get((me + n * 4) % projects.size());
            if (me == 4) {
                // the fifth client: not a project another client is writing to, whose command (waiting on its write)
                // holds the owner's lock, so its write is refused or taken, never queued behind that one
                for (int k = 1; sending.containsValue(project) && k < projects.size(); k++) {
                    project = projects.get((me + n * 4 + k) % projects.size());
                }
            }
            sending.put(me, project);
            NodeProcess node = nodes.get((me + n) % nodes.size());
            String reason = "outage w" + me + " #" + n;
            long sent = System.nanoTime();
            int status;
            String error = null;
            try {
                HttpResponse<String> r = load.call(node, "POST", "/api/projects/" + project + "/interrupts",
                        NodeProcess.ADMIN, "{\"action\":\"status\",\"reason\":\"" + reason + "\"}", Duration.ofSeconds(120));
                status = r.statusCode();
                error = status / 100 == 2 ? null : ClusterWorkload.JSON.readTree(r.body()).path("error").asText(null);
            } catch (IOException e) {
                status = -1;
            }
            sending.remove(me);
            answers.add(new Answer(project, reason, status, error, sent, (System.nanoTime() - sent) / 1_000_000));
            if (status == 503) {
                readAfterRefusal(nodes.get((me + n + 1) % nodes.size()), project, reason);
                Thread.sleep(100); // a client waits before it sends again
            }
        }
    }

    /** A read right after a 503, on another node: the refused interrupt is not there (or the read is refused too). */
    private void readAfterRefusal(NodeProcess node, String project, String reason) throws InterruptedException {
        try {
            HttpResponse<String> r = load.call(node, "GET", "/api/projects/" + project + "/interrupts",
                    NodeProcess.ADMIN, null, Duration.ofSeconds(60));
            if (r.statusCode() == 200 && r.body().contains("\"" + reason + "\"")) {
                dirty.add(reason + " on " + node.name());
            }
        } catch (IOException e) {
            // no answer: nothing shown
        }
    }

    /** Waits until every node's readiness answers {@code status}; returns when. */
    private long awaitReadiness(int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (NodeProcess n : nodes) {
                int s;
                try {
                    s = load.call(n, "GET", "/q/health/ready", NodeProcess.ADMIN, null, Duration.ofSeconds(5)).statusCode();
                } catch (IOException e) {
                    s = -1;
                }
                all &= s == status;
            }
            if (all) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the nodes' readiness did not turn " + status + " within " + timeout);
    }

    private void check(long killed, long restart, long up) throws Exception {
        Map<String, Map<String, Integer>> kept = new HashMap<>();
        for (String p : projects) {
            Map<String, Integer> reasons = new HashMap<>();
            for (JsonNode i : load.get("/api/projects/" + p + "/interrupts")) {
                reasons.merge(i.path("reason").asText(), 1, Integer::sum);
            }
            kept.put(p, reasons);
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        long firstRefusal = Long.MAX_VALUE;
        long slowest = 0;
        int unknownKept = 0;
        for (Answer a : answers) {
            byStatus.merge(a.status(), 1, Integer::sum);
            int times = kept.get(a.project()).getOrDefault(a.reason(), 0);
            switch (a.status() / 100) {
                case 2 -> assertEquals(1, times, "interrupt '" + a.reason() + "' answered " + a.status() + " is kept once");
                case 5 -> {
                    if (a.status() == 503) {
                        assertEquals(0, times, "interrupt '" + a.reason() + "' answered 503 (" + a.error() + ") is not kept");
                        firstRefusal = Math.min(firstRefusal, a.sentNanos() + a.millis() * 1_000_000);
                        if (a.sentNanos() > killed + Duration.ofSeconds(12).toNanos() && a.sentNanos() < restart) {
                            slowest = Math.max(slowest, a.millis());
                        }
                    } else {
                        assertEquals(504, a.status(), "interrupt '" + a.reason() + "': " + a.error());
                        assertTrue(times <= 1, "interrupt '" + a.reason() + "' answered 504 is kept at most once");
                        unknownKept += times;
                    }
                }
                default -> {
                    assertEquals(-1, a.status(), "interrupt '" + a.reason() + "' answered " + a.status() + " " + a.error());
                    assertTrue(times <= 1, "interrupt '" + a.reason() + "' without an answer is kept at most once");
                }
            }
        }
        assertTrue(dirty.isEmpty(), "interrupts answered 503 shown to readers: " + dirty);
        assertTrue(byStatus.getOrDefault(503, 0) > 0, "writes were refused while the broker was down: " + byStatus);
        assertTrue(answers.stream().anyMatch(a -> a.status() / 100 == 2 && a.sentNanos() > up),
                "writes are taken again once the broker is back: " + byStatus);
        long toFirst = (firstRefusal - killed) / 1_000_000;
        // the batch in flight at the kill gives up at its write timeout (5 s from its creation, before the kill) and
        // is not aborted (which would wait for the dead broker as long again: 10.0 s before); its writes are refused
        // then, or settled once Kafka is back when they had been sent, and a write sent after it is refused at once
        // (the fifth client's, when the four wait on such writes); 3 s for a loaded machine
        assertTrue(toFirst < 8_000, "the first 503 came " + toFirst + " ms after the kill");
        assertTrue(slowest < 2_000, "once Kafka was found unreachable, a write was refused after " + slowest + " ms");
        System.out.printf("broker outage: %d writes answered %s (status: count; -1 no answer); the first 503 %d ms after "
                + "kill -9; once the outage was known, 503s within %d ms; %d answered 504 and kept%n", answers.size(),
                byStatus, toFirst, slowest, unknownKept);
    }
}
