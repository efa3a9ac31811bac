package io.conclave.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;

import org.jboss.logging.Logger;

import io.conclave.engine.policy.CompileGate;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.policy.PolicyLimits;
import io.conclave.engine.policy.PrebuiltPolicy;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.Policy;
import java.util.List;
import java.util.ArrayList;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.sim.Simulator;
import io.conclave.journal.PolicyArchive;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.observe.CommandMetrics;
import io.conclave.app.observe.Tracing;
import io.conclave.app.policy.PolicyEvents;

/**
 * Starts the engine with the service: builds the policy from the rules folder, replays every
 * project journal, then starts watching the rules. Shuts both down with the service.
 */
@ApplicationScoped
public class Engine {
    private static final Logger LOG = Logger.getLogger(Engine.class);

    private final ConclaveConfig config;
    private final PolicyHost policies;
    private final ProjectRegistry projects;
    private final MeetingRegistry meetings;
    private final ConversationRegistry conversations;
    /** The service's own executor (Quarkus' managed one): owners catch up with a policy activated meanwhile. */
    private final ManagedExecutor background;
    /** Quarkus' scheduler: the clock that lets time limits act. */
    private final Scheduler scheduler;
    /** This node's part in a cluster, or null for one node with journals in files. */
    private final io.conclave.app.cluster.Cluster cluster;
    /** Bean Validation's metadata, built after the start rather than during it. */
    private final LazyValidatorFactory validation;
    /** The REST layer's JSON mapper (made when first used: {@link #afterStart} uses it first, off the start). */
    private final jakarta.enterprise.inject.Instance<com.fasterxml.jackson.databind.ObjectMapper> restJson;
    /** Told of every command an owner handled, after the metrics and the trace (see {@link #onCommand}). */
    private final List<java.util.function.Consumer<JournaledRuntime.Done>> commandListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Inject
    public Engine(ConclaveConfig config, EventHub events, CommandMetrics commands, Tracing tracing,
                  ManagedExecutor background, Scheduler scheduler, LazyValidatorFactory validation,
                  jakarta.enterprise.inject.Instance<com.fasterxml.jackson.databind.ObjectMapper> restJson) {
        this.config = config;
        this.validation = validation;
        this.restJson = restJson;
        this.background = background;
        this.scheduler = scheduler;
        ConclaveConfig.Rules rules = config.rules();
        PolicyLimits limits = new PolicyLimits(rules.maxFileBytes(), rules.maxFiles(), rules.maxTotalBytes(),
                rules.maxIdentifier(), rules.maxName(), rules.maxLiteral(), rules.maxSegments(), rules.maxNesting());
        PolicyCompiler compiler = new PolicyCompiler(Engine.class.getClassLoader(),
                PrebuiltPolicy.load(Engine.class.getClassLoader()), limits,
                rules.compileThreads() > 0 ? rules.compileThreads() : PolicyCompiler.defaultThreads());
        if (!rules.incremental()) {
            compiler.wholeChaptersOnly();
        }
        this.policies = new PolicyHost(config.rulesDir(), new PolicyArchive(config.dataDir().resolve("policies")),
                compiler, new CompileGate(new CompileGate.Settings(rules.compileTimeout(), rules.compileMemoryLimit(),
                        rules.compileMaxAbandoned())));
        policies.remoteEdits(rules.remoteEdit());
        ConclaveConfig.Cluster c = config.cluster();
        io.conclave.app.cluster.Cluster[] joined = new io.conclave.app.cluster.Cluster[1];
        java.util.function.Consumer<io.conclave.model.ServiceEvent> published = c.bootstrapServers().isEmpty()
                ? events::publish : e -> {
                    events.publish(e);
                    joined[0].published(e);
                };
        JournaledRuntime.Setting setting = new JournaledRuntime.Setting(policies, config.maxFiringsPerCommand(),
                Clock.systemUTC(), published, done -> {
                    commands.commandDone(done.kind(), done.type(), done.outcome(), done.nanos(), done.firings());
                    tracing.commandDone(done);
                    commandListeners.forEach(l -> l.accept(done));
                }).withSnapshots(config.snapshot().every());
        this.projects = new ProjectRegistry(config.dataDir(), setting, Simulator.DRIVER);
        this.meetings = new MeetingRegistry(config.dataDir(), setting);
        this.conversations = new ConversationRegistry(config.dataDir(), setting);
        conversations.historyWindow(config.conversationWindow());
        for (var registry : java.util.List.of(projects, meetings, conversations)) {
            registry.keepLive(config.owners().maxLive(), config.owners().idle());
        }
        // the bounds of rule code, enforced by the hooks compiled into the policy's classes
        io.conclave.engine.budget.Budget.configure(io.conclave.engine.budget.Limits.of(config.maxCommandMillis(),
                rules.maxDepth(), rules.commandMemoryShare()));
        if (c.bootstrapServers().isPresent()) {
            int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
            String nodeId = c.nodeId().orElse("node-" + port);
            joined[0] = new io.conclave.app.cluster.Cluster(io.conclave.app.cluster.Cluster.settings(
                    c.bootstrapServers().get(), nodeId, c.topicPrefix(), c.partitions(), c.replicationFactor(),
                    c.sessionTimeout(), c.maxRecordBytes(), c.writeTimeout(), c.unknownWait()), c.advertisedUrl().orElse("http://127.0.0.1:" + port),
                    policies, new PolicyArchive(config.dataDir().resolve("policies")),
                    java.util.Map.of("project", projects, "meeting", meetings, "conversation", conversations),
                    events::publish);
        }
        this.cluster = joined[0];
        if (cluster != null) {
            cluster.warmUpBeforeJoining(setting, c.warmUp());
            // the other nodes send their events while a client follows an event stream here: said off the request's
            // thread (an announcement waits for Kafka), one saying at a time, each as the hub is when it is said (the
            // last saying follows the last change, so quick openings and closings cannot leave a stale word)
            Object saying = new Object();
            events.onStreams(() -> {
                try {
                    background.execute(() -> {
                        synchronized (saying) {
                            EventHub.Streams now = events.streams();
                            cluster.streams(now.open(), now.lastClosed());
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // stopping: the streams close with the node, and its announcements end with it
                }
            });
        }
        policies.onTrial(this::tryOnEveryOwner);
        policies.onActivate(p -> {
            if (cluster != null) {
                cluster.activated(p);
            }
            // every owner here took the policy before it went live; one created (or taken over) meanwhile catches up
            background.execute(() -> {
                projects.switchAll();
                meetings.switchAll();
                conversations.switchAll();
            });
            events.publish(PolicyEvents.activated(p));
        });
        policies.onRefuse(a -> events.publish(PolicyEvents.refused(a)));
        if (cluster != null) {
            policies.onPropose(cluster::proposed);
        }
    }

    /**
     * What follows a start in the background: the end of the class cache's recording on a first start (before the
     * request validator's metadata is built and the trial and the warm-up load the rule compiler), the request
     * validator, the JSON of the rules' answer, the rules folder's trial, the watcher, the compiler's warm-up (on a
     * cluster node, once it serves).
     */
    private void afterStart(boolean warmUp) {
        // the cache holds what a start loads, not the validator's classes: a later start maps all of it
        ClassCacheRecording.endIfRecording(config.aotRecording());
        try {
            validation.build();
        } catch (RuntimeException e) { // the first request that validates will say what is wrong
            io.quarkus.arc.ArcContainer arc = io.quarkus.arc.Arc.container();
            if (arc != null && arc.isRunning()) { // else the service stopped meanwhile: nothing to say
                LOG.warnf("building the request validator after start failed: %s", e.toString());
            }
        }
        // the REST layer's JSON mapper made and its writer of the rules' answer built, which an edit's answer needs:
        // they took the first PUT of a rule file after a start about 0.1 s more than the next ones
        try {
            restJson.get().writeValueAsBytes(io.conclave.app.policy.RuleViews.of(policies));
        } catch (java.io.IOException | RuntimeException e) { // the first answer builds them, as it did
            LOG.debugf("writing the rules' answer after start failed: %s", e.toString());
        }
        try {
            policies.reconcileFolderNow();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "trying the rules folder %s after start failed", config.rulesDir());
        }
        if (config.watchRules()) {
            try {
                policies.watch(config.watchQuietMillis(), config.watchAheadMillis(), config.watchPollMillis());
            } catch (IOException e) {
                LOG.errorf(e, "watching the rules folder %s failed: edits on disk are not followed", config.rulesDir());
            }
        }
        if (warmUp) {
            warmUpWhenServing(300);
        }
    }

    /**
     * The compiler's warm-up, once a cluster node serves its partitions (tried again every 200 ms, {@code tries} times at
     * most): before that it would take a core from the node's own warm-up and its takeovers, which the nodes wait for.
     */
    private void warmUpWhenServing(int tries) {
        if (cluster != null && tries > 0 && cluster.node().notReady() != null) {
            java.util.concurrent.CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS, background)
                    .execute(() -> warmUpWhenServing(tries - 1));
            return;
        }
        policies.warmUp();
    }

    /**
     * Moves every project, meeting and conversation to {@code candidate}, one by one (each journals its
     * switch). When one cannot (a rule loops, throws, or deletes what a command put in), the owners already
     * moved go back to the active policy and the answer names each owner that could not and why: a policy
     * goes live on every owner or on none.
     */
    private List<String> tryOnEveryOwner(Policy candidate) {
        List<JournaledRuntime<?, ?>> owners = new ArrayList<>();
        owners.addAll(projects.all());
        owners.addAll(meetings.all());
        owners.addAll(conversations.all());
        List<String> failures = new ArrayList<>();
        List<JournaledRuntime<?, ?>> moved = new ArrayList<>();
        for (JournaledRuntime<?, ?> rt : owners) {
            String why = rt.switchTo(candidate);
            if (why == null) {
                moved.add(rt);
            } else {
                failures.add(rt.name() + ": " + why);
            }
        }
        Policy active = policies.active();
        if (!failures.isEmpty() && active != null) {
            for (JournaledRuntime<?, ?> rt : moved) {
                String why = rt.switchTo(active);
                if (why != null) {
                    LOG.errorf("%s could not go back to policy %s: %s", rt.name(), active.version(), why);
                }
            }
        }
        return failures;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            policies.start();
            if (cluster != null) {
                cluster.start(); // owners arrive with the partitions the group gives this node
            } else {
                projects.recoverAll();
                meetings.recoverAll();
                conversations.recoverAll();
            }
            // a bid deadline, a meeting's phase, a conversation's timeout: let passed time act, one tick at a time
            scheduler.newJob("conclave-clock").setInterval(Duration.ofMillis(config.meetingTickMillis()).toString())
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> {
                        meetings.tickAll();
                        conversations.tickAll();
                        projects.tickAll();
                    }).schedule();
            // Once the start is over, one after the other: a first start's class cache is written, a folder edited
            // while the service was stopped goes through the trial (every owner is back), then the watcher starts (it would otherwise try the same
            // folder at its first look), then the compiler warms up. The trial and the warm-up take a core for
            // seconds; run during the start they would delay readiness, and each other.
            boolean warmUp = config.rules().warmUp() && (config.watchRules() || config.rules().remoteEdit());
            java.util.concurrent.CompletableFuture.delayedExecutor(2, java.util.concurrent.TimeUnit.SECONDS, background)
                    .execute(() -> afterStart(warmUp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Conclave engine ready: rules from %s, data in %s", config.rulesDir().toAbsolutePath(),
                config.dataDir().toAbsolutePath());
    }

    /**
     * The first step of a stop, while the HTTP server still takes requests (Quarkus' shutdown delay, enabled at build
     * time for this): a cluster node lets the others read its partitions ahead before it gives them up, so they are
     * served here meanwhile and there right after ({@link io.conclave.app.cluster.ClusterNode#prepareHandOver}).
     */
    void beforeStopping(@Observes io.quarkus.runtime.ShutdownDelayInitiatedEvent event) {
        if (cluster != null) {
            try {
                cluster.node().prepareHandOver();
            } catch (RuntimeException e) { // the stop goes on: the others read at their takeover
                LOG.warnf("the hand-over's notice failed: %s", e.toString());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        policies.close();
        scheduler.unscheduleJob("conclave-clock");
        projects.close();
        meetings.close();
        conversations.close();
    }

    /**
     * Tells {@code listener} of every command an owner handles from now on, accepted or not, on the thread that
     * handled it once the owner's lock is let go: a listener hands work on and returns (it holds up the answer).
     */
    public void onCommand(java.util.function.Consumer<JournaledRuntime.Done> listener) {
        commandListeners.add(listener);
    }

    /** This node's part in a cluster; null for one node with journals in files. */
    public io.conclave.app.cluster.Cluster cluster() {
        return cluster;
    }

    public PolicyHost policies() {
        return policies;
    }

    public ProjectRegistry projects() {
        return projects;
    }

    public MeetingRegistry meetings() {
        return meetings;
    }

    public ConversationRegistry conversations() {
        return conversations;
    }
}
