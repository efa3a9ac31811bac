package io.conclave.app.observe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.FileJournal;
import io.conclave.journal.kafka.NodeWriter;
import io.conclave.model.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.CommandLane;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;

/**
 * Conclave's meters outside the commands themselves ({@link CommandMetrics} has those), on {@code /q/metrics}:
 * policy compilations (time, outcome, chapters compiled), journal forces (latency by owner kind), the owners
 * held (projects, meetings, conversations), runs by status, and what the event stream publishes. Gauges
 * read the registries when scraped and change nothing; counters follow the event stream.
 */
@ApplicationScoped
public class ConclaveMetrics {
    /** How long a scrape may reuse the runs counted for the previous one (each count locks every project briefly). */
    private static final long RUNS_FRESH_NANOS = Duration.ofSeconds(1).toNanos();
    /** The folder of each kind's journals, and the kind the meters name ({@link #ownerKind}). */
    private static final String[][] KINDS = {
            {"projects", "project"}, {"meetings", "meeting"}, {"conversations", "conversation"}};

    private final Engine engine;
    private final MeterRegistry meters;
    private final boolean histograms;
    private Map<RunStatus, Integer> runs = new EnumMap<>(RunStatus.class);
    private long runsCountedAt;

    public ConclaveMetrics(Engine engine, EventHub hub, MeterRegistry meters, ConclaveConfig config, CommandLane lane) {
        this.engine = engine;
        this.meters = meters;
        this.histograms = config.metrics().histograms();
        ownerGauge("project", () -> engine.projects().all().size());
        ownerGauge("meeting", () -> engine.meetings().all().size());
        ownerGauge("conversation", () -> engine.conversations().all().size());
        liveGauge("project", () -> engine.projects().liveCount());
        liveGauge("meeting", () -> engine.meetings().liveCount());
        liveGauge("conversation", () -> engine.conversations().liveCount());
        for (RunStatus status : RunStatus.values()) {
            Gauge.builder("conclave.runs", () -> runs().getOrDefault(status, 0)).tag("status", status.name())
                    .description("Runs of the projects held, by status (each project's runs, its latest included)")
                    .register(meters);
        }
        Gauge.builder("conclave.commands.waiting", lane::waiting)
                .description("Agents' commands handed to the command lane and not started yet (waiting for one of its "
                        + "threads, or for their owner's command before them)")
                .register(meters);
        Gauge.builder("conclave.commands.threads", lane::threads)
                .description("The command lane's threads: its size, and those started while others wait for the disk")
                .register(meters);
        observePolicyCompilations();
        observeJournalForces();
        observeClusterCommits();
        followEvents(hub);
    }

    /** Makes CDI create this bean before the engine starts (priority 10), so the first policy build is counted. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        // the constructor did the work
    }

    private void ownerGauge(String kind, Supplier<Number> size) {
        Gauge.builder("conclave.owners.active", size).tag("owner_kind", kind)
                .description("Projects, meetings and conversations the service holds").register(meters);
    }

    private void liveGauge(String kind, Supplier<Number> size) {
        Gauge.builder("conclave.owners.live", size).tag("owner_kind", kind)
                .description("Owners holding their rules session now (the others sleep until their next command or read)")
                .register(meters);
    }

    private void observePolicyCompilations() {
        Counter chapters = Counter.builder("conclave.policy.chapters.compiled")
                .description("Rule chapters compiled at run time (not loaded as built into the application)")
                .register(meters);
        Timer ok = compileTimer("ok");
        Timer failed = compileTimer("failed");
        engine.policies().onCompile((CompileResult result, int compiled, long nanos) -> {
            (result.ok() ? ok : failed).record(Duration.ofNanos(nanos));
            chapters.increment(compiled);
        });
    }

    private Timer compileTimer(String outcome) {
        Timer.Builder b = Timer.builder("conclave.policy.compile").tag("outcome", outcome)
                .description("Compilations of a candidate policy (start-up, reload, PUT, validate): failed ones never go live");
        if (histograms) {
            b.serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000),
                    ms(30000));
        }
        return b.register(meters);
    }

    private void observeJournalForces() {
        Map<String, Timer> byKind = new java.util.concurrent.ConcurrentHashMap<>();
        FileJournal.observeForces((Path folder, long nanos) -> byKind.computeIfAbsent(ownerKind(folder), kind -> {
            Timer.Builder b = Timer.builder("conclave.journal.force").tag("owner_kind", kind)
                    .description("Forcing one journal entry to disk, before the command is acknowledged");
            if (histograms) {
                b.serviceLevelObjectives(Duration.ofNanos(250_000), ms(1), ms(2), ms(5), ms(10), ms(25),
                        ms(50), ms(100), ms(250), ms(1000));
            }
            return b.register(meters);
        }).record(Duration.ofNanos(nanos)));
    }

    /**
     * In a cluster, the Kafka analog of a journal force: each transaction of this node's writer, how long it took and
     * how many writes it carried (commits grouped across owners: the fewer writes a transaction, the more each costs
     * the node and the brokers). At zero on a node without Kafka.
     */
    private void observeClusterCommits() {
        Timer.Builder b = Timer.builder("conclave.cluster.commit")
                .description("One transaction of this node's writer, from its begin to its commit (every write waits for it)");
        if (histograms) {
            b.serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(1000), ms(5000));
        }
        Timer time = b.register(meters);
        DistributionSummary writes = DistributionSummary.builder("conclave.cluster.commit.writes")
                .description("Writes (journal entries, snapshots, control records) per batch of the node's writer")
                .serviceLevelObjectives(histograms ? new double[] {1, 2, 4, 8, 16, 32, 64} : new double[0])
                .register(meters);
        NodeWriter.observeCommits((node, n, nanos) -> {
            time.record(Duration.ofNanos(nanos));
            writes.record(n);
        });
    }

    /**
     * {@code <data>/projects/<id>} is a project's journal, and so on; anything else is "other". Read from the path's
     * text, which a path keeps, so that the force of every command makes nothing (a parent path and its name would).
     */
    static String ownerKind(Path folder) {
        String text = folder.toString();
        String sep = folder.getFileSystem().getSeparator();
        int end = text.lastIndexOf(sep); // the kind's folder ends before the owner's own
        if (end < 0) {
            return "other";
        }
        int before = text.lastIndexOf(sep, end - 1); // and begins after the separator before it, or at the start
        int start = before < 0 ? 0 : before + sep.length();
        for (String[] kind : KINDS) {
            if (end - start == kind[0].length() && text.startsWith(kind[0], start)) {
                return kind[1];
            }
        }
        return "other";
    }

    private void followEvents(EventHub hub) {
        Counter published = Counter.builder("conclave.events.published")
                .description("Events published on the event stream").register(meters);
        Counter started = Counter.builder("conclave.runs.started").description("Runs started").register(meters);
        Map<String, Counter> finished = new java.util.concurrent.ConcurrentHashMap<>();
        // every kind of memory decision registered now, so a scrape shows each at 0 before the first one
        Map<String, Counter> memory = new java.util.TreeMap<>();
        for (io.conclave.model.memory.MemoryEvent kind : io.conclave.model.memory.MemoryEvent.values()) {
            String type = kind.decisionKind().eventType();
            memory.put(type, Counter.builder("conclave.memory.decisions").tag("kind", type)
                    .description("Decisions of the memory rules (rules/memory/), by kind: stores, evictions, promotions, "
                            + "shared writes and propagations, states").register(meters));
        }
        Counter activations = Counter.builder("conclave.policy.activations")
                .description("Policies that went live (start-up, reload, PUT, DELETE of a rule file)").register(meters);
        // a node counts its own owners' events: summed over the nodes, each event once
        hub.subscribe(0, e -> !e.fromOtherNode(), e -> {
            published.increment();
            switch (e.type()) {
                case "RUN_STARTED" -> started.increment();
                case "RUN_COMPLETED", "RUN_FAILED" -> finished.computeIfAbsent(e.type().substring(4),
                        status -> Counter.builder("conclave.runs.finished").tag("status", status)
                                .description("Runs that ended, by how").register(meters)).increment();
                case "POLICY_ACTIVATED" -> activations.increment();
                default -> {
                    Counter kind = memory.get(e.type());
                    if (kind != null) {
                        kind.increment();
                    }
                }
            }
        });
    }

    /** The runs of every project by status, counted at most once a second. */
    private synchronized Map<RunStatus, Integer> runs() {
        long now = System.nanoTime();
        if (runsCountedAt == 0 || now - runsCountedAt > RUNS_FRESH_NANOS) {
            Map<RunStatus, Integer> counted = new EnumMap<>(RunStatus.class);
            for (ProjectRuntime project : engine.projects().all()) {
                try {
                    for (RunStatus status : project.summary().runs()) { // kept: a sleeping project is not rebuilt
                        counted.merge(status, 1, Integer::sum);
                    }
                } catch (RuntimeException deletedMeanwhile) {
                    // a project deleted while it was being counted has no runs any more
                }
            }
            runs = counted;
            runsCountedAt = now;
        }
        return runs;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
