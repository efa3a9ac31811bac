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
 * default retry backoff and for the given ones; then the CPU a transaction cost the broker and this process (the
 * producers). Arguments: [transactions] [backoff-ms ...]; {@code -Dwriters=N} producers at once,
 * {@code -Dcompression=none|zstd|...} the records' codec (the node's: lz4), {@code -Dmode=idempotent|readback}
 * the records without transactions ({@link #plain}), {@code -Drecord-bytes=N} their size (600: a journal line).
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
            int writers = Integer.parseInt(System.getProperty("writers", "1"));
            List<KafkaConsumer<String, String>> members = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                KafkaConsumer<String, String> m = new KafkaConsumer<>(s.member());
                m.subscribe(List.of("probe.projects"));
                members.add(m);
            }
            // every member polls until the group settled with each holding a share
            long until = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < until) {
                int total = 0;
                for (KafkaConsumer<String, String> m : members) {
                    m.poll(Duration.ofMillis(100));
                    total += m.assignment().size();
                }
                if (total == 12 && members.stream().allMatch(m -> !m.assignment().isEmpty())) {
                    break;
                }
            }
            members.forEach(m -> m.pause(m.assignment()));
            String[] backoffs = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"default", "10"};
            for (String b : backoffs) {
                long brokerBefore = broker.cpu().toNanos();
                long ownBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
                List<Thread> threads = new java.util.ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    KafkaConsumer<String, String> member = members.get(w);
                    List<TopicPartition> mine = List.copyOf(member.assignment());
                    org.apache.kafka.clients.consumer.ConsumerGroupMetadata meta = member.groupMetadata();
                    String name = b + "-" + w;
                    Thread t = new Thread(() -> {
                        try {
                            run(s, name, b, n, mine, meta);
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    t.join();
                }
                double count = (n + 20.0) * writers;
                String mode = System.getProperty("mode", "transactions");
                System.out.printf("retry.backoff.ms=%s, %s, %s: CPU a %s: broker %.3f ms, producers %.3f ms%n", b,
                        s.producer(null).get("compression.type"), mode,
                        mode.equals("transactions") ? "transaction" : "record",
                        (broker.cpu().toNanos() - brokerBefore) / 1e6 / count,
                        (ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() - ownBefore)
                                / 1e6 / count);
            }
            members.forEach(KafkaConsumer::close);
        }
    }

    private static void run(KafkaSettings s, String name, String b, int n, List<TopicPartition> mine,
                            org.apache.kafka.clients.consumer.ConsumerGroupMetadata meta) throws Exception {
            if (!"transactions".equals(System.getProperty("mode", "transactions"))) {
                plain(s, name, n, mine, "readback".equals(System.getProperty("mode")));
                return;
            }
            {
                Properties p = s.producer("probe-tx-" + name);
                p.put("compression.type", System.getProperty("compression", p.getProperty("compression.type")));
                boolean overlap = b.endsWith("o");
                String ms = overlap ? b.substring(0, b.length() - 1) : b;
                if (!ms.equals("default")) {
                    p.put("retry.backoff.ms", ms);
                    p.put("retry.backoff.max.ms", Integer.toString(Math.max(Integer.parseInt(ms), 50)));
                }
                long[] last = new long[1];
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                    producer.initTransactions();
                    long[][] t = new long[4][n];
                    for (int i = -20; i < n; i++) {
                        long t0 = System.nanoTime();
                        producer.beginTransaction();
                        TopicPartition tp = mine.get(Math.floorMod(i, mine.size()));
                        var f = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k", line(i)));
                        long t1;
                        long t2;
                        if (overlap) {
                            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(last[0])), meta);
                            t1 = System.nanoTime();
                            last[0] = f.get().offset() + 1;
                            t2 = System.nanoTime();
                        } else {
                            RecordMetadata md = f.get();
                            t1 = System.nanoTime();
                            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(md.offset() + 1)),
                                    meta);
                            t2 = System.nanoTime();
                        }
                        producer.commitTransaction();
                        long t3 = System.nanoTime();
                        if (i >= 0) {
                            t[0][i] = t1 - t0;
                            t[1][i] = t2 - t1;
                            t[2][i] = t3 - t2;
                            t[3][i] = t3 - t0;
                        }
                    }
                    System.out.printf("%s retry.backoff.ms=%s: %d transactions; median/p90 ms: record %s, offsets %s, "
                            + "commit %s, whole %s%n", name, b, n, q(t[0]), q(t[1]), q(t[2]), q(t[3]));
                }
            }
    }

    /**
     * The same records without transactions ({@code -Dmode=idempotent}): the idempotent producer, {@code acks=all},
     * each record waited for; with {@code -Dmode=readback}, each then read back from its partition up to itself, as
     * a writer fenced by epochs in its records (not by transactions) would have to before acknowledging it.
     */
    private static void plain(KafkaSettings s, String name, int n, List<TopicPartition> mine, boolean readBack)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(s.producer(null, "probe-" + name));
             KafkaConsumer<String, String> reader = new KafkaConsumer<>(s.catchUpReader("probe-" + name))) {
            reader.assign(mine);
            long[] t = new long[n];
            for (int i = -20; i < n; i++) {
                long t0 = System.nanoTime();
                TopicPartition tp = mine.get(Math.floorMod(i, mine.size()));
                long offset = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k", line(i))).get()
                        .offset();
                if (readBack) {
                    reader.seek(tp, offset);
                    while (reader.poll(Duration.ofMillis(50)).records(tp).isEmpty()) {
                        // until the record is read
                    }
                }
                if (i >= 0) {
                    t[i] = System.nanoTime() - t0;
                }
            }
            System.out.printf("%s %s: %d records; median/p90 ms: %s%n", name, readBack ? "read back" : "idempotent", n,
                    q(t));
        }
    }

    /** A record like a journal line: JSON of about {@code -Drecord-bytes} characters, varying from one to the next. */
    private static String line(int i) {
        int size = Integer.getInteger("record-bytes", 600);
        StringBuilder b = new StringBuilder("{\"seq\":").append(i).append(",\"actor\":\"agent-").append(i % 7)
                .append("\",\"command\":{\"type\":\"interrupt\",\"action\":\"status\",\"reason\":\"");
        while (b.length() < size - 40) {
            b.append("check ").append(Integer.toHexString(i * 31 + b.length())).append(' ');
        }
        return b.append("\"},\"prev\":\"").append(Integer.toHexString(i)).append("\"}").toString();
    }

    private static String q(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return String.format("%.1f/%.1f", s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6);
    }
}
