package io.conclave.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import io.conclave.journal.kafka.KafkaSettings;

/**
 * Where a node's transaction spends its time: one broker, one transactional producer set up as a node's writer
 * (KafkaSettings.producer), committing one record per transaction back to back, with the fencing offsets, as
 * the writer does; the time of each step (the record acknowledged, the offsets, the commit), for the producer's
 * default retry backoff and for the given ones. Arguments: [transactions] [backoff-ms ...].
 */
public final class TransactionProbe {
    private TransactionProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Path.of("target/probe").toAbsolutePath();
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker-" + System.nanoTime())).start(Duration.ofSeconds(90))) {
            KafkaSettings s = new KafkaSettings(broker.bootstrap(), "probe.", 12, (short) 1, "p", Duration.ofSeconds(6),
                    1 << 20);
            try (Admin a = Admin.create(s.admin())) {
                a.createTopics(List.of(new NewTopic("probe.projects", 12, (short) 1))).all().get();
            }
            KafkaConsumer<String, String> member = new KafkaConsumer<>(s.member());
            member.subscribe(List.of("probe.projects"));
            while (member.assignment().size() < 12) {
                member.poll(Duration.ofMillis(200));
            }
            member.pause(member.assignment());
            String[] backoffs = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"default", "10"};
            for (String b : backoffs) {
                Properties p = s.producer("probe-tx-" + b);
                if (!b.equals("default")) {
                    p.put("retry.backoff.ms", b);
                    p.put("retry.backoff.max.ms", Integer.toString(Math.max(Integer.parseInt(b), 50)));
                }
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                    producer.initTransactions();
                    long[][] t = new long[4][n];
                    for (int i = -20; i < n; i++) {
                        long t0 = System.nanoTime();
                        producer.beginTransaction();
                        TopicPartition tp = new TopicPartition("probe.projects", Math.floorMod(i, 12));
                        RecordMetadata md = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k", "v" + i)).get();
                        long t1 = System.nanoTime();
                        producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(md.offset() + 1)),
                                member.groupMetadata());
                        long t2 = System.nanoTime();
                        producer.commitTransaction();
                        long t3 = System.nanoTime();
                        if (i >= 0) {
                            t[0][i] = t1 - t0;
                            t[1][i] = t2 - t1;
                            t[2][i] = t3 - t2;
                            t[3][i] = t3 - t0;
                        }
                    }
                    System.out.printf("retry.backoff.ms=%s: %d transactions; median/p90 ms: record %s, offsets %s, "
                            + "commit %s, whole %s%n", b, n, q(t[0]), q(t[1]), q(t[2]), q(t[3]));
                }
            }
            member.close();
        }
    }

    private static String q(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return String.format("%.1f/%.1f", s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6);
    }
}
