package io.conclave.journal.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
 * ({@link #take}, {@link #give}), each a {@link PartitionLog}, all written through the node's one
 * {@link NodeWriter}; which partitions is the consumer group's to say.
 */
public final class KafkaJournals implements JournalStore {
    private static final Logger LOG = Logger.getLogger(KafkaJournals.class);
    public static final List<String> KINDS = List.of("project", "meeting", "conversation");

    private final KafkaSettings settings;
    private final Map<String, CommandCodec<?>> codecs = new HashMap<>();
    private final Map<TopicPartition, PartitionLog<?>> served = new ConcurrentHashMap<>();
    /** Partitions read before this node joined the group ({@link #readStandby}), read-only until taken over. */
    private final Map<TopicPartition, PartitionLog<?>> standby = new ConcurrentHashMap<>();
    /** When partitions were last read ahead, or last wanted ({@link System#nanoTime}). */
    private volatile long standbyReadAt;
    /** The characters of the lines read ahead and kept since the last {@link #dropStandby}. */
    private volatile long standbyChars;
    /** Reads partitions for takeovers and reads ahead (the member's thread only). */
    private final PartitionReader reader;
    private final Admin admin;
    private final KafkaHealth health;
    private final NodeWriter writer;

    /**
     * The journals of this node; {@code unsure} is told of partitions the fate of whose last write stayed unknown
     * (they must be read again).
     */
    public KafkaJournals(KafkaSettings settings, java.util.function.Consumer<Set<TopicPartition>> unsure) {
        this.settings = settings;
        codecs.put("project", CommandCodec.PROJECT);
        codecs.put("meeting", CommandCodec.MEETING);
        codecs.put("conversation", CommandCodec.CONVERSATION);
        this.admin = Admin.create(settings.admin());
        this.health = new KafkaHealth(admin, Duration.ofSeconds(2));
        this.writer = new NodeWriter(settings, health, parts -> {
            parts.forEach(tp -> {
                PartitionLog<?> log = served.get(tp);
                if (log != null) {
                    log.markUnsure("the fate of a write stayed unknown");
                }
            });
            unsure.accept(parts);
        }, (tp, claim) -> {
            PartitionLog<?> log = served.get(tp);
            if (log != null) {
                log.claimed(claim);
            }
        });
        this.reader = new PartitionReader(settings, codecs, writer, this::kindOf);
    }

    /** Creates the topics when missing and opens the writer. */
    public void start() throws IOException {
        createTopics(admin);
        writer.start();
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** The node's one writer. */
    public NodeWriter writer() {
        return writer;
    }

    /** Whether Kafka answers this node now. */
    public KafkaHealth health() {
        return health;
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
     * Takes partitions over (the group gave them to this node): claims each ({@link NodeWriter#claim}: from its claim
     * on, what the node that served it before still writes there is passed over by every reader), then reads the
     * kinds' snapshots of those partitions (the latest per owner, and from which offset a replay may start), then each
     * partition from there past its claim, all with one reader: what is read is everything that was ever
     * acknowledged. Fails when another node claimed one of them meanwhile (the takeover is tried again).
     * {@code previous} names the node that served a partition before (null when unknown), for the log.
     */
    public Map<TopicPartition, PartitionLog<?>> take(Collection<TopicPartition> parts,
                                                      Function<TopicPartition, String> previous) throws IOException {
        long start = System.nanoTime();
        Map<TopicPartition, Long> claims = writer.claim(parts);
        long claimed = System.nanoTime();
        Map<TopicPartition, PartitionLog<?>> ahead = new HashMap<>();
        for (TopicPartition tp : parts) {
            PartitionLog<?> log = standby.remove(tp);
            if (log != null) {
                ahead.put(tp, log);
            }
        }
        long[] snapshotsRead = {claimed};
        Map<TopicPartition, PartitionLog<?>> taken;
        try {
            taken = reader.read(parts, ahead, Long.MAX_VALUE, Long.MAX_VALUE, snapshotsRead);
        } catch (RuntimeException e) {
            reader.close(); // in whatever state the failure left it: the next read opens another
            throw new IOException("reading " + parts + " failed: " + e.getMessage(), e);
        }
        for (var e : taken.entrySet()) {
            if (e.getValue().claim() != claims.get(e.getKey())) {
                throw new IOException("another node claimed " + e.getKey() + " after this one (at "
                        + e.getValue().claim() + ", this node's claim at " + claims.get(e.getKey()) + ")");
            }
        }
        taken.values().forEach(PartitionLog::adopted);
        served.putAll(taken);
        long end = System.nanoTime();
        long passedOver = taken.values().stream().mapToLong(PartitionLog::passedOver).sum();
        LOG.infof("read %d partition(s) in %d ms: claimed in %d ms, snapshots read in %d ms, records in %d ms%s%s",
                parts.size(), (end - start) / 1_000_000, (claimed - start) / 1_000_000,
                (snapshotsRead[0] - claimed) / 1_000_000, (end - snapshotsRead[0]) / 1_000_000,
                ahead.isEmpty() ? "" : " (" + ahead.size() + " of them read ahead: only the records since)",
                passedOver == 0 ? "" : "; " + passedOver + " record(s) passed over, written under earlier claims"
                        + describePrevious(parts, previous));
        return taken;
    }

    private static String describePrevious(Collection<TopicPartition> parts, Function<TopicPartition, String> previous) {
        List<String> nodes = parts.stream().map(previous).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        return nodes.isEmpty() ? "" : " (served before by " + String.join(", ", nodes) + ")";
    }

    /** Lets the writer write {@code held} (those of them this node serves), each under the claim it read it by. */
    public void hold(Collection<TopicPartition> held) {
        Map<TopicPartition, Holding.Claim> claims = new HashMap<>();
        for (TopicPartition tp : held) {
            PartitionLog<?> log = served.get(tp);
            if (log != null) {
                claims.put(tp, new Holding.Claim(log.claim(), log.endOffset()));
            }
        }
        writer.hold(new Holding(claims));
    }

    /**
     * Reads every command partition of every kind before this node joins the group, and keeps them read-only
     * ("standby"): a takeover of one of them then reads only the records written since ({@link #take}), and the
     * owners can be rebuilt beforehand through {@link #standbyJournals} (a warm-up on the cluster's own owners, which
     * the JIT then knows when a takeover waits for them). Keeps nothing when the read passes {@code deadline}
     * ({@link System#nanoTime}) or its lines pass {@code maxChars}: a cluster too large to read whole is read
     * partition by partition at its takeovers, as without it. Returns what it did, for the log.
     */
    public String readStandby(long deadline, long maxChars) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : commandTopics()) {
            for (int p = 0; p < settings.partitions(); p++) {
                parts.add(new TopicPartition(topic, p));
            }
        }
        return readAhead(parts, deadline, maxChars);
    }

    /**
     * Reads {@code parts} ahead (those this node does not serve), kept read-only like {@link #readStandby}'s: a node
     * that is about to leave the group names its partitions, and the others read them before it goes. Partitions
     * already read ahead are read again from scratch. All that is kept read ahead stays within {@code maxChars} of
     * lines: a read that would pass it keeps nothing. Returns what it did, for the log.
     */
    public String readAhead(Collection<TopicPartition> parts, long deadline, long maxChars) {
        List<TopicPartition> wanted = parts.stream().filter(tp -> !served.containsKey(tp)).distinct().toList();
        long start = System.nanoTime();
        Map<TopicPartition, PartitionLog<?>> read;
        try {
            read = reader.read(wanted, Map.of(), deadline, Math.max(0, maxChars - standbyChars), new long[1]);
        } catch (PartitionReader.OverBudget e) {
            reader.close();
            return "not read ahead (" + e.getMessage() + " or past the time allowed): partitions are read as they"
                    + " are taken over";
        } catch (RuntimeException e) {
            reader.close();
            LOG.warnf("reading the partitions ahead failed: %s", e.toString());
            return "not read ahead: " + e.getMessage();
        }
        read.values().forEach(PartitionLog::standby);
        read.forEach((tp, log) -> {
            PartitionLog<?> before = standby.put(tp, log);
            if (before != null) {
                before.close(); // an owner rebuilt ahead on it is rebuilt again at its takeover
            }
        });
        standbyChars += reader.lastChars();
        standbyReadAt = System.nanoTime();
        int owners = read.values().stream().mapToInt(l -> l.owners().size()).sum();
        return String.format("read %d partition(s) ahead in %d ms (%d owners)", wanted.size(),
                (System.nanoTime() - start) / 1_000_000, owners);
    }

    /** The partitions read ahead are still wanted now (the group just gave this node partitions): their age starts again. */
    public void standbyWanted() {
        standbyReadAt = System.nanoTime();
    }

    /** How long ago partitions were last read ahead ({@link System#nanoTime} units); 0 when none are kept. */
    public long standbyAge() {
        return standby.isEmpty() ? 0 : System.nanoTime() - standbyReadAt;
    }

    /** The owners of the partitions read ahead ({@link #readStandby}): the kinds that have some, then their ids, sorted. */
    public Map<String, List<String>> standbyOwners() {
        return standbyOwners(standby.keySet());
    }

    /** The owners of those of {@code parts} that are read ahead, as {@link #standbyOwners()} lists them. */
    public Map<String, List<String>> standbyOwners(Collection<TopicPartition> parts) {
        Map<String, List<String>> owners = new java.util.TreeMap<>();
        standby.entrySet().stream().filter(e -> parts.contains(e.getKey()) && !e.getValue().owners().isEmpty())
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
                .forEach(e -> owners.computeIfAbsent(kindOf(e.getKey().topic()), k -> new ArrayList<>())
                        .addAll(e.getValue().owners()));
        return owners;
    }

    /**
     * The journals of the partitions read ahead, read-only: an owner can be rebuilt from them (a warm-up), and
     * every write is refused (they are not this node's to write until the group gives them to it).
     */
    public JournalStore standbyJournals() {
        return new JournalStore() {
            @Override
            public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
                return journalIn(standby, codec, id);
            }

            @Override
            public void deleted(CommandCodec<?> codec, String id) throws IOException {
                throw new IOException("a partition read ahead is not written");
            }

            @Override
            public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage)
                    throws IOException {
                throw new IOException("a partition read ahead is not written");
            }

            @Override
            public boolean local() {
                return false;
            }

            @Override
            public boolean serves(String kind, String id) {
                return standby.containsKey(partition(kind, id));
            }
        };
    }

    /** Forgets the partitions read ahead that no takeover used (the group gave them to other nodes, or nobody left); how many. */
    public int dropStandby() {
        int n = standby.size();
        standby.values().forEach(PartitionLog::close);
        standby.clear();
        standbyChars = 0;
        return n;
    }

    /** Gives a partition up: its appends are refused from now on (the writer no longer holds it either). */
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

    /** Whether this node serves the partition of owner {@code id} of {@code kind} (read and not to be read again). */
    @Override
    public boolean serves(String kind, String id) {
        PartitionLog<?> log = served.get(partition(kind, id));
        return log != null && log.unsure() == null;
    }

    @Override
    public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
        return journalIn(served, codec, id);
    }

    /** The journal of owner {@code id} in its partition's log among {@code logs} (none there: every call says so). */
    @SuppressWarnings("unchecked")
    private <C extends Command> Journal<C> journalIn(Map<TopicPartition, PartitionLog<?>> logs, CommandCodec<C> codec,
                                                     String id) {
        return new KafkaJournal<>((PartitionLog<C>) logs.get(partition(codec.owner(), id)), id, codec);
    }

    @Override
    public void deleted(CommandCodec<?> codec, String id) throws IOException {
        PartitionLog<?> log = served.get(partition(codec.owner(), id));
        if (log == null) {
            throw io.conclave.journal.JournalUnavailable.notWritten("moving", 1,
                    partition(codec.owner(), id) + " is not served by this node");
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

    /** Gives every partition up and closes the writer (after the writes it was given). */
    public void close() {
        standby.clear();
        reader.close();
        for (TopicPartition tp : List.copyOf(served.keySet())) {
            give(tp);
        }
        writer.close();
        health.close();
    }
}
