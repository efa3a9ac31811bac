package io.conclave.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.conclave.engine.CompileGate;
import io.conclave.engine.ConversationRegistry;
import io.conclave.engine.PolicyCompiler;
import io.conclave.engine.PolicyHost;
import io.conclave.engine.PolicyLimits;
import io.conclave.engine.PrebuiltPolicy;
import io.conclave.engine.MeetingRegistry;
import io.conclave.engine.JournaledRuntime;
import io.conclave.engine.ProjectRegistry;
import io.conclave.sim.Simulator;
import io.conclave.journal.PolicyArchive;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

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
    /** This node's part in a cluster, or null for one node with journals in files. */
    private final io.conclave.app.cluster.Cluster cluster;
    /**
     * Moves projects to a newly activated policy, in the background: the activation (a PUT, a reload, the
     * watcher) does not wait behind a project busy with a long command. A project that receives a command
     * first catches up itself, before that command, so no command runs under an old version.
     */
    private final ExecutorService switcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-policy-switch");
        t.setDaemon(true);
        return t;
    });
    /** Lets the time limits of meetings and conversations act, and moves them to a new policy. */
    private final ScheduledExecutorService meetingClock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conclave-clock");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public Engine(ConclaveConfig config, EventHub events, CommandMetrics commands) {
        this.config = config;
        ConclaveConfig.Rules rules = config.rules();
        PolicyLimits limits = new PolicyLimits(rules.maxFileBytes(), rules.maxFiles(), rules.maxTotalBytes(),
                rules.maxIdentifier(), rules.maxName(), rules.maxLiteral(), rules.maxSegments(), rules.maxNesting());
        PolicyCompiler compiler = new PolicyCompiler(Engine.class.getClassLoader(),
                PrebuiltPolicy.load(Engine.class.getClassLoader()), limits,
                rules.compileThreads() > 0 ? rules.compileThreads() : PolicyCompiler.defaultThreads());
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
                Clock.systemUTC(), published, commands::commandDone).withSnapshots(config.snapshot().every());
        this.projects = new ProjectRegistry(config.dataDir(), setting, Simulator.DRIVER);
        this.meetings = new MeetingRegistry(config.dataDir(), setting);
        this.conversations = new ConversationRegistry(config.dataDir(), setting);
        if (c.bootstrapServers().isPresent()) {
            int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
            String nodeId = c.nodeId().orElse("node-" + port);
            joined[0] = new io.conclave.app.cluster.Cluster(io.conclave.app.cluster.Cluster.settings(
                    c.bootstrapServers().get(), nodeId, c.topicPrefix(), c.partitions(), c.replicationFactor(),
                    c.sessionTimeout(), c.maxRecordBytes()), c.advertisedUrl().orElse("http://127.0.0.1:" + port),
                    policies, new PolicyArchive(config.dataDir().resolve("policies")),
                    java.util.Map.of("project", projects, "meeting", meetings, "conversation", conversations),
                    events::publish);
        }
        this.cluster = joined[0];
        policies.onActivate(p -> {
            if (cluster != null) {
                cluster.activated(p);
            }
            switcher.execute(projects::switchAll);
            meetingClock.execute(meetings::switchAll);
            meetingClock.execute(conversations::switchAll);
            events.publish(PolicyEvents.activated(p));
        });
        policies.onRefuse(a -> events.publish(PolicyEvents.refused(a)));
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
            meetingClock.scheduleWithFixedDelay(() -> {
                meetings.tickAll();
                conversations.tickAll();
                projects.tickAll();
            }, config.meetingTickMillis(), config.meetingTickMillis(), TimeUnit.MILLISECONDS);
            if (config.watchRules()) {
                policies.watch(config.watchQuietMillis(), config.watchPollMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Conclave engine ready: rules from %s, data in %s", config.rulesDir().toAbsolutePath(),
                config.dataDir().toAbsolutePath());
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        policies.close();
        meetingClock.shutdownNow();
        switcher.shutdownNow();
        projects.close();
        meetings.close();
        conversations.close();
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
