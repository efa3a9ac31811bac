package io.conclave.app.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.conclave.journal.kafka.KafkaSettings;

/**
 * Follows the topics every node keeps whole or listens to (the policies, the nodes' announcements, the tokens, the
 * inboxes, the events: partition 0 of each) with one consumer on one thread: a topic is followed from its
 * beginning or from its end, and each of its records is handed to its taker in the topic's order, one at a time.
 * Following a topic from its beginning returns once it was read to its end, so a node starts with everything the
 * cluster kept; {@link #awaitEnd} waits until everything written to a topic so far was handed on. Takers run on
 * the follower's thread: one that takes long hands the work on.
 */
public final class Followers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Followers.class);

    private final KafkaSettings settings;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    /** Takers by partition (the follower's thread only). */
    private final Map<TopicPartition, Consumer<ConsumerRecord<String, String>>> takers = new HashMap<>();
    /** Waits for a partition to be handed on up to an offset (the follower's thread only). */
    private final List<Wait> waits = new ArrayList<>();
    /** The offset after the last record handed on, by partition. */
    private final Map<TopicPartition, Long> taken = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, String> consumer;
    /** Asks partitions' ends for {@link #awaitEnd}; made on first use, one caller at a time. */
    private KafkaConsumer<String, String> offsets;
    private final Object offsetsLock = new Object();
    private volatile boolean closed;
    private boolean started;

    private record Wait(TopicPartition tp, long end, CompletableFuture<Void> done) {
    }

    public Followers(KafkaSettings settings) {
        this.settings = settings;
        // Own thread: a Kafka consumer is polled by one thread; this one follows every shared topic.
        this.thread = new Thread(this::run, "conclave-followers");
        this.thread.setDaemon(true);
    }

    /**
     * Follows {@code topic} from its beginning (then returns once it was read to its end) or from its end, handing
     * each record to {@code take}.
     */
    public void follow(String topic, boolean fromBeginning, Consumer<ConsumerRecord<String, String>> take) {
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = fromBeginning ? end(tp) : -1;
        CompletableFuture<Void> done = new CompletableFuture<>();
        request(c -> {
            takers.put(tp, take);
            c.assign(List.copyOf(takers.keySet()));
            if (fromBeginning) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seekToEnd(List.of(tp));
            }
            long position = c.position(tp);
            taken.put(tp, position);
            waits.add(new Wait(tp, fromBeginning ? end : position, done));
        });
        await(done, topic);
    }

    /** Returns once every record written to {@code topic} before this call was handed on. */
    public void awaitEnd(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = end(tp);
        CompletableFuture<Void> done = new CompletableFuture<>();
        request(c -> waits.add(new Wait(tp, end, done)));
        await(done, topic);
    }

    /**
     * A partition's end, asked by a consumer of its own that fetches nothing: asked through the follower's, the
     * question queued on the broker behind that consumer's fetch, which waits up to half a second for records
     * (measured: 487 ms of a takeover's catching up with the policies).
     */
    private long end(TopicPartition tp) {
        synchronized (offsetsLock) {
            if (offsets == null) {
                offsets = new KafkaConsumer<>(settings.reader("offsets"));
            }
            return offsets.endOffsets(List.of(tp)).get(tp);
        }
    }

    /** The offset after the last record of {@code topic} handed on. */
    public long taken(String topic) {
        return taken.getOrDefault(new TopicPartition(topic, 0), 0L);
    }

    private synchronized void request(Consumer<KafkaConsumer<String, String>> r) {
        if (!started) {
            started = true;
            thread.start();
        }
        requests.add(() -> r.accept(consumer));
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup(); // taken at once, not after the poll under way (a tenth of a second; a takeover waits for it)
        }
    }

    private static void await(CompletableFuture<Void> done, String topic) {
        try {
            done.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(topic + " could not be read to its end within 2 minutes");
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.followerReader())) {
            consumer = c;
            while (!closed) {
                try {
                    for (Runnable r; (r = requests.peek()) != null; ) {
                        r.run();
                        requests.poll();
                    }
                    settle(c); // a wait for an end already reached needs no poll
                    if (takers.isEmpty()) {
                        Thread.sleep(50);
                        continue;
                    }
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        hand(r);
                    }
                    settle(c);
                } catch (WakeupException e) {
                    // a request arrived (or the follower closes): a request cut short by it runs again, whole
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.errorf(e, "the follower of the cluster's topics stopped");
            }
            waits.forEach(w -> w.done().completeExceptionally(e));
        }
    }

    /** Completes the waits whose partition was handed on up to their end (a topic not followed yet waits on). */
    private void settle(KafkaConsumer<String, String> c) {
        waits.removeIf(w -> {
            if (c.assignment().contains(w.tp()) && c.position(w.tp()) >= w.end()) {
                w.done().complete(null);
                return true;
            }
            return false;
        });
    }

    private void hand(ConsumerRecord<String, String> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        try {
            takers.get(tp).accept(r);
        } catch (RuntimeException e) {
            LOG.errorf(e, "a record of %s@%d was not taken", r.topic(), r.offset());
        }
        taken.put(tp, r.offset() + 1);
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (offsetsLock) {
            if (offsets != null) {
                offsets.close();
                offsets = null;
            }
        }
    }
}
