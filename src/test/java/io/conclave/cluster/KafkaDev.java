package io.conclave.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial Kafka broker for a cluster of Conclave nodes on one machine: {@code ./mvnw -q test-compile
 * exec:exec@kafka-dev}. It runs Kafka's own jars (those the build has for the cluster test, nothing downloaded),
 * one broker in KRaft mode on 127.0.0.1:9092, its data in {@code target/kafka-dev} (kept: stopped with Ctrl-C and
 * started again, it has everything it held), with the settings the cluster test uses ({@link KafkaBroker}). It
 * prints what each node needs, then runs until stopped. Arguments: {@code [--port=N] [--controller-port=N]
 * [--dir=DIR]}. One broker keeps one copy of everything: for trials, not for production.
 */
public final class KafkaDev {
    private KafkaDev() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("port", "9092", "controller-port", "9093",
                "dir", "target/kafka-dev"));
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !opt.containsKey(kv[0])) {
                System.err.println("unknown option " + a + "; the options: --port=N --controller-port=N --dir=DIR");
                System.exit(2);
            }
            opt.put(kv[0], kv[1]);
        }
        if (System.getProperty("broker.jit") == null) {
            System.setProperty("broker.jit", "tiered"); // a trial broker runs for hours: both compilers, as in service
        }
        Path dir = Path.of(opt.get("dir")).toAbsolutePath();
        KafkaBroker broker = new KafkaBroker(dir, Integer.parseInt(opt.get("port")),
                Integer.parseInt(opt.get("controller-port")));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-dev-stop"));
        System.out.printf("starting a trial Kafka broker on %s (data in %s, its log in %s)...%n", broker.bootstrap(),
                dir, dir.resolve("broker.log"));
        broker.start(Duration.ofSeconds(120));
        System.out.printf("""
                Kafka answers on %s. Start each node with its own id, port and URL, for example:
                  CONCLAVE_CLUSTER_BOOTSTRAP_SERVERS=%s CONCLAVE_CLUSTER_REPLICATION_FACTOR=1 \\
                  CONCLAVE_CLUSTER_NODE_ID=node-1 QUARKUS_HTTP_PORT=8081 CONCLAVE_DATA_DIR=data-1 \\
                  java -jar target/quarkus-app/quarkus-run.jar
                The first node to start issues the cluster's first admin token (in its data folder's admin.token);
                every node accepts it. Which node serves an owner: GET /api/cluster/owners/project/<id>.
                Ctrl-C stops the broker (its data stays in %s).
                """, broker.bootstrap(), broker.bootstrap(), dir);
        while (broker.alive()) {
            Thread.sleep(1000);
        }
        System.out.println("the broker stopped; see " + dir.resolve("broker.log"));
    }
}
