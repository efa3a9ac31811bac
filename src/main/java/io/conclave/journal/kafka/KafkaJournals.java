package io.conclave.journal.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalStore;
import io.conclave.model.command.Command;

/**
 * The journals of a cluster's owners, on Kafka: the owners of a kind on the kind's topic, keyed by id, so
 * each owner's commands are totally ordered in one partition. This node holds the partitions it serves
 * ({@link #take}, {@link #give}), each a {@link PartitionLog}; which ones is the consumer group's to say.
 */
public final class KafkaJournals implements JournalStore {
    private static final Logger LOG = Logger.getLogger(KafkaJournals.class);
    public static final List<String> KINDS = List.of("project", "meeting", "conversation");

    private final KafkaSettings settings;
    private final Map<String, CommandCodec<?>> codecs = new HashMap<>();
    private final Map<TopicPartition, PartitionLog<?>> served = new ConcurrentHashMap<>();

    public KafkaJournals(KafkaSettings settings) {
        this.settings = settings;
        codecs.put("project", CommandCodec.PROJECT);
        codecs.put("meeting", CommandCodec.MEETING);
        codecs.put("conversation", CommandCodec.CONVERSATION);
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** The partition an owner's commands go to: the producer's own choice for a keyed record (murmur2 of the key). */
    public int partitionOf(String id) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % settings.partitions();
    }

    public TopicPartition partition(String kind, String id) {
        return new TopicPartition(settings.topic(kind), partitionOf(id));
    }

    /** The kind whose commands a topic holds, or null. */
    public String kindOf(String topic) {
        return KINDS.stream().filter(k -> settings.topic(k).equals(topic)).findFirst().orElse(null);
    }

    /** Every command topic, in the order of {@link #KINDS}. */
    public List<String> commandTopics() {
        return KINDS.stream().map(settings::topic).toList();
    }

    /**
     * Creates the topics a cluster needs when they are missing: the command topics (kept forever), the compacted
     * snapshot topics with the same partitions, and the policy, node, token and event topics.
     */
    public void createTopics(Admin admin) throws IOException {
        int rf = settings.replicationFactor();
        String minIsr = Integer.toString(rf >= 3 ? 2 : 1);
        String maxBytes = Integer.toString(settings.maxRecordBytes());
        List<NewTopic> topics = new ArrayList<>();
        for (String kind : KINDS) {
            topics.add(new NewTopic(settings.topic(kind), settings.partitions(), (short) rf).configs(Map.of(
                    "retention.ms", "-1", "min.insync.replicas", minIsr, "max.message.bytes", maxBytes)));
            topics.add(new NewTopic(settings.snapshotTopic(kind), settings.partitions(), (short) rf).configs(Map.of(
                    "cleanup.policy", "compact", "min.insync.replicas", minIsr, "max.message.bytes", maxBytes)));
        }
        topics.add(new NewTopic(settings.policyTopic(), 1, (short) rf).configs(Map.of("retention.ms", "-1",
                "min.insync.replicas", minIsr, "max.message.bytes", maxBytes)));
        topics.add(new NewTopic(settings.tokensTopic(), 1, (short) rf).configs(Map.of("cleanup.policy", "compact",
                "min.insync.replicas", minIsr)));
        topics.add(new NewTopic(settings.nodesTopic(), 1, (short) rf).configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(settings.inboxTopic(), 1, (short) rf).configs(Map.of("cleanup.policy", "compact",
                "min.insync.replicas", minIsr, "max.message.bytes", maxBytes)));
        topics.add(new NewTopic(settings.eventsTopic(), 1, (short) rf).configs(Map.of("retention.ms", "3600000",
                "max.message.bytes", maxBytes)));
        for (NewTopic t : topics) {
            try {
                admin.createTopics(List.of(t)).all().get();
                LOG.infof("created topic %s (%d partitions, replication factor %d)", t.name(), t.numPartitions(), rf);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("topic " + t.name() + " could not be created: " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating topics");
            }
        }
    }

    /**
     * Takes a partition over: reads the kind's snapshots of that partition (the latest per owner, and from which
     * offset a replay may start), then opens the partition, which fences its earlier writer and reads it.
     */
    @SuppressWarnings("unchecked")
    public <C extends Command> PartitionLog<C> take(TopicPartition tp, Consumer<PartitionLog<?>> onBroken) {
        String kind = kindOf(tp.topic());
        CommandCodec<C> codec = (CommandCodec<C>) codecs.get(kind);
        Map<String, SnapshotRecord> snapshots = new HashMap<>();
        long from = readSnapshots(kind, tp.partition(), snapshots);
        PartitionLog<C> log = PartitionLog.open(settings, tp, codec, from, snapshots, onBroken::accept);
        served.put(tp, log);
        return log;
    }

    /** The snapshots of one partition into {@code into}; the offset a replay of it may start from (0 to read it all). */
    private long readSnapshots(String kind, int partition, Map<String, SnapshotRecord> into) {
        TopicPartition tp = new TopicPartition(settings.snapshotTopic(kind), partition);
        long mark = 0;
        boolean damaged = false;
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(settings.reader("snapshots-" + tp))) {
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            long end = reader.endOffsets(List.of(tp)).get(tp);
            while (reader.position(tp) < end) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500)).records(tp)) {
                    if (PartitionLog.MARK.equals(r.key())) {
                        mark = Long.parseLong(r.value());
                    } else if (r.key() != null && r.value() != null) {
                        try {
                            into.put(r.key(), SnapshotRecord.parse(r.value()));
                        } catch (IOException e) {
                            LOG.errorf("snapshot of %s %s at %s@%d passed over: %s", kind, r.key(), tp, r.offset(),
                                    e.getMessage());
                            into.remove(r.key());
                            damaged = true;
                        }
                    }
                }
            }
        }
        return damaged ? 0 : mark;
    }

    /** Gives a partition up: its writer stops (waiting appends are refused). */
    public void give(TopicPartition tp) {
        PartitionLog<?> log = served.remove(tp);
        if (log != null) {
            log.close();
        }
    }

    /** The partitions this node serves. */
    public Set<TopicPartition> served() {
        return Set.copyOf(served.keySet());
    }

    public PartitionLog<?> log(TopicPartition tp) {
        return served.get(tp);
    }

    /** Whether this node serves the partition of owner {@code id} of {@code kind} (and can write it). */
    public boolean serves(String kind, String id) {
        PartitionLog<?> log = served.get(partition(kind, id));
        return log != null && log.broken() == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
        return new KafkaJournal<>((PartitionLog<C>) served.get(partition(codec.owner(), id)), id, codec);
    }

    @Override
    public void deleted(CommandCodec<?> codec, String id) throws IOException {
        PartitionLog<?> log = served.get(partition(codec.owner(), id));
        if (log == null) {
            throw new IOException(partition(codec.owner(), id) + " is not served by this node");
        }
        log.control(id, PartitionLog.DELETED, "");
    }

    @Override
    public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage) throws IOException {
        TopicPartition tp = partition(codec.owner(), id);
        PartitionLog<?> log = served.get(tp);
        if (log == null) {
            throw new IOException(tp + " is not served by this node");
        }
        PartitionLog.OwnerLog<?> owner = log.owner(id);
        int count = owner.afterDamage;
        log.control(id, PartitionLog.SET_ASIDE, Long.toString(damage.entry()));
        owner.setAside(damage.entry());
        return new SetAside(tp + " from " + damage.location() + " on (kept in the topic, skipped by replays)", count);
    }

    @Override
    public boolean local() {
        return false;
    }

    /** Gives every partition up. */
    public void close() {
        for (TopicPartition tp : List.copyOf(served.keySet())) {
            give(tp);
        }
    }
}
