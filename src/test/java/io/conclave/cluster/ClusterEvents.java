package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The event stream across nodes, on the cluster test's live nodes. A node sends its owners' events to the events
 * topic only while another node has a client following its event stream (or had one within the last ten minutes):
 * after the whole workload, with no stream ever opened, the topic holds nothing. Then a client opens
 * {@code GET /api/events} on node 1 for a project another node serves, and that project's events reach it there.
 */
final class ClusterEvents {
    private ClusterEvents() {
    }

    /** The records of the events topic, read from its start to its end. */
    static long recordsOnTheEventsTopic(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor("conclave.events").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                read += c.poll(Duration.ofMillis(200)).count();
            }
            return read;
        }
    }

    /**
     * No stream was ever opened in this cluster: no event crossed. Then a stream on node 1 for a project node 1 does not
     * serve carries that project's next events (interrupts sent to the project's node until one shows, for at most
     * 20 s: the other nodes start sending once they read node 1's announcement). Returns the project's id.
     */
    static String aStreamOnOneNodeCarriesAnotherNodesEvents(ClusterWorkload load, List<NodeProcess> nodes,
                                                          List<String> ids, String bootstrap) throws Exception {
        assertEquals(0, recordsOnTheEventsTopic(bootstrap), "with no event stream open, no event crosses");
        NodeProcess here = nodes.get(0);
        String project = null;
        NodeProcess serving = null;
        for (String id : ids) {
            JsonNode o = ClusterWorkload.JSON.readTree(load.call(here, "GET", "/api/cluster/owners/project/" + id,
                    NodeProcess.ADMIN, null).body());
            for (NodeProcess n : nodes) {
                if (!n.name().equals(here.name()) && n.name().equals(o.path("served_by").asText()) && n.alive()) {
                    project = id;
                    serving = n;
                }
            }
            if (project != null) {
                break;
            }
        }
        assertTrue(project != null, "a project another node serves");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest open = HttpRequest.newBuilder(URI.create(here.url() + "/api/events?project_id=" + project))
                .header("Authorization", "Bearer " + NodeProcess.ADMIN).header("Accept", "text/event-stream").build();
        CountDownLatch seen = new CountDownLatch(1);
        String wanted = "\"project_id\":\"" + project + "\"";
        long opened = System.nanoTime();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(open, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = stream.thenAccept(r -> r.body().forEach(line -> {
            if (line.startsWith("data:") && line.contains(wanted)) {
                seen.countDown();
            }
        }));
        try {
            for (int n = 0; seen.getCount() > 0 && System.nanoTime() - opened < Duration.ofSeconds(20).toNanos(); n++) {
                load.call(serving, "POST", "/api/projects/" + project + "/interrupts", NodeProcess.ADMIN,
                        "{\"action\":\"status\",\"reason\":\"streamed " + n + "\"}");
                seen.await(300, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, seen.getCount(), "an event of " + project + " (served by " + serving.name()
                    + ") reached the stream on " + here.name());
            System.out.printf("cluster test: a stream opened on %s carried an event of %s (served by %s) %d ms later%n",
                    here.name(), project, serving.name(), (System.nanoTime() - opened) / 1_000_000);
        } finally {
            stream.thenAccept(r -> r.body().close());
            reading.cancel(true);
        }
        assertTrue(recordsOnTheEventsTopic(bootstrap) > 0, "the events crossed once a node streamed");
        return project;
    }
}
