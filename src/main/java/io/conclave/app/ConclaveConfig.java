package io.conclave.app;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.conclave.app.observe.Tracing;

/** Conclave's settings ({@code conclave.*} in application.properties; each documented there). */
@ConfigMapping(prefix = "conclave")
public interface ConclaveConfig {
    /** Folder of the {@code *.drl} policy files, read at run time. */
    @WithDefault("rules")
    Path rulesDir();

    /** Folder of journals and archived policy versions. */
    @WithDefault("data")
    Path dataDir();

    /** Folder of example project definitions loaded at start-up. */
    @WithDefault("projects")
    Path projectsDir();

    /**
     * Set by the launcher on the start that records the JDK's class cache (the cache file): the service ends the
     * recording once its start is over ({@link ClassCacheRecording}).
     */
    java.util.Optional<Path> aotRecording();

    /** Whether to load every {@code projects/*.json} not yet known at start-up. */
    @WithDefault("true")
    boolean loadProjectsOnStart();

    /** Whether to watch the rules folder and activate changes by itself. */
    @WithDefault("true")
    boolean watchRules();

    /** Quiet time after the last file event before the rules are rebuilt, in milliseconds. */
    @WithDefault("300")
    long watchQuietMillis();

    /**
     * Time without file events after which a changed rules folder is compiled ahead, while the rest of the quiet time
     * passes, in milliseconds; not below the quiet time: compiled after it only.
     */
    @WithDefault("50")
    long watchAheadMillis();

    /** Interval of the safety-net re-hash of the rules folder, in milliseconds. */
    @WithDefault("2000")
    long watchPollMillis();

    /**
     * Agents' commands computing at once on the {@link CommandLane}; 0: as many as the machine has cores (at least
     * two). A command waiting for a slow force or for Kafka does not count: the lane starts another thread meanwhile.
     */
    @WithDefault("0")
    int commandThreads();

    /**
     * {@code on}: the {@link CommandLane}'s threads kept on the upper half of the CPUs, the event loops on the lower
     * half ({@link CpuAffinity}); {@code off}: threads run on any CPU.
     */
    @WithDefault("off")
    String cpuAffinity();

    /** Most rule firings one command may cause before it is cut off as a loop. */
    @WithDefault("500000")
    int maxFiringsPerCommand();

    /**
     * The wall time one command may take deciding (its rules running: conditions, consequences, functions), in
     * milliseconds; beyond it the command is stopped inside the rule code, refused (422 rule_timeout) and rolled
     * back. A replayed entry may take twice as long. 0: no bound.
     */
    @WithDefault("10000")
    long maxCommandMillis();

    /**
     * Wall time one step of a simulated run may take before the run lets other commands in (an
     * interrupt waits at most about this long for its safe point), in milliseconds.
     */
    @WithDefault("50")
    long runStepMillis();

    /**
     * Wall time each side of a dry run may take to replay a project's journal (and simulate a run), in
     * seconds; a side that needs longer is reported as stopped there.
     */
    @WithDefault("30")
    int dryRunSeconds();

    /**
     * Wall time one why-not search may take (the decision replayed with candidate changes until the smallest that
     * works is found), in seconds; a search that needs longer answers what it found so far, saying so.
     */
    @WithDefault("10")
    int whyNotSeconds();

    /** Replays one why-not search may make (each candidate change is one replay of the decision). */
    @WithDefault("200")
    int whyNotReplays();

    /** Threads that advance simulated runs (each run is advanced by one of them at a time). */
    @WithDefault("2")
    int runThreads();

    /**
     * Messages of each conversation shown in its snapshot, the newest; memory keeps a few words of each (who sent it,
     * where its decisions start) and the newest 32-63 messages whole, and the snapshot reads the rest of its window
     * back from the history beside the journal. 1 at least.
     */
    @WithDefault("200")
    int conversationWindow();

    /** How often meetings and conversations are checked for passed time limits (discussion, voting, archiving, timeout), in milliseconds. */
    @WithDefault("1000")
    long meetingTickMillis();

    /** Snapshots of owners ({@code conclave.snapshot.*}). */
    Snapshot snapshot();

    /** When an owner's state is snapshotted, so a restart replays only what followed. */
    interface Snapshot {
        /** A snapshot after this many journal entries of an owner; 0 takes none. */
        @WithDefault("1000")
        int every();
    }

    /** Which owners keep their session in memory ({@code conclave.owners.*}); see docs/operations.md. */
    Owners owners();

    /**
     * How many projects, conversations (each kind on its own) keep their Drools session: the others sleep and are
     * rebuilt from their journal (their snapshot when they have one) on their next command or read.
     */
    interface Owners {
        /** At most this many owners of a kind keep their session; the least recently used sleep first; 0: no limit. */
        @WithDefault("1000")
        int maxLive();

        /** An owner unused this long sleeps; 0s: never for that reason. */
        @WithDefault("30m")
        java.time.Duration idle();
    }

    /** Several nodes over Kafka ({@code conclave.cluster.*}); off while no bootstrap servers are given. */
    Cluster cluster();

    /** How this node joins a cluster: see docs/cluster.md. */
    interface Cluster {
        /** Kafka's bootstrap servers ({@code host:port,...}); empty: one node with journals in files. */
        java.util.Optional<String> bootstrapServers();

        /** This node's name in the cluster; default: {@code node-<port>}. */
        java.util.Optional<String> nodeId();

        /** The address other nodes forward requests to; default: {@code http://127.0.0.1:<port>}. */
        java.util.Optional<String> advertisedUrl();

        /** The prefix of every topic the cluster uses. */
        @WithDefault("conclave.")
        String topicPrefix();

        /** Partitions of each kind's topic (fixed once the topics exist): the most nodes that share a kind's owners. */
        @WithDefault("12")
        int partitions();

        /** Copies of every partition on the brokers (3 for a production cluster; 1 for a single broker). */
        @WithDefault("3")
        short replicationFactor();

        /** How long the group waits for a silent node before its partitions move to the others. */
        @WithDefault("6s")
        Duration sessionTimeout();

        /** The largest record (a project's creation, a snapshot), in bytes. */
        @WithDefault("16777216")
        int maxRecordBytes();

        /**
         * How long a write waits for Kafka before the command is refused with 503 (nothing applied); while Kafka is
         * found unreachable, writes are refused at once.
         */
        @WithDefault("5s")
        Duration writeTimeout();

        /**
         * How long a command whose commit got no answer waits for Kafka to say whether it was committed, before it is
         * answered 504 (its fate unknown).
         */
        @WithDefault("30s")
        Duration unknownWait();

        /**
         * How long, at most, a starting node spends warming its rules up before it joins the nodes' group: a
         * throwaway project run through commands and rebuilt from its journal, so that the owners of the partitions
         * the group then gives it are rebuilt by a warm JVM (a cold one took seconds per owner). 0 turns it off.
         */
        @WithDefault("20s")
        Duration warmUp();
    }

    /** The event stream ({@code conclave.events.*}). */
    Events events();

    /** How project files are read ({@code conclave.projects.*}). */
    Projects projects();

    /** Settings of reading project files ({@code POST /api/projects}, the example projects at start). */
    interface Projects {
        /**
         * Whether a project file may carry fields Conclave does not know: false refuses them with 400 (each
         * named, with the known field it was probably meant to be); true accepts the file and reports each
         * ignored field as a warning, in the log and in the answer.
         */
        @WithDefault("false")
        boolean allowUnknownFields();
    }

    /** Conclave's meters ({@code conclave.metrics.*}). */
    Metrics metrics();

    /** Settings of Conclave's meters on {@code /q/metrics}. */
    interface Metrics {
        /** Whether the latency timers publish histogram buckets (for percentiles across instances). */
        @WithDefault("true")
        boolean histograms();
    }

    /** Settings of the Server-Sent Events streams ({@code GET /api/events}, an agent's inbox stream). */
    interface Events {
        /**
         * How often every open stream gets a comment line (a heartbeat), so proxies and load balancers do
         * not close an idle stream and clients notice a dead one, in milliseconds; 0 sends none.
         */
        @WithDefault("15000")
        long heartbeatMillis();

        /** How many of the latest events are kept for clients that reconnect with {@code Last-Event-ID}. */
        @WithDefault("1000")
        int replaySize();
    }

    /** Spans of commands ({@code conclave.tracing.*}). */
    Tracing tracing();

    /** Where command spans go: nowhere unless an endpoint is given. */
    interface Tracing {
        /** An OTLP/HTTP traces endpoint, e.g. {@code http://localhost:4318/v1/traces}; empty: no spans. */
        java.util.Optional<String> otlpEndpoint();
    }

    /** Who may call ({@code conclave.security.*}). */
    Security security();

    /** Settings of the tokens the service accepts. */
    interface Security {
        /**
         * A first admin token given by the deployment ({@code cv_<id>_<secret>}, a secret of 32 characters or
         * more), used instead of generating one on the first start. Empty: generate one.
         */
        java.util.Optional<String> initialAdminToken();

    }

    /** Rule editing over the API, and the limits of compiling a policy. */
    Rules rules();

    /** {@code conclave.rules.*}: who may change the policy, and what a compile may cost. */
    interface Rules {
        /** Whether PUT/DELETE of rule files and POST /api/rules/reload are allowed (false: the rules folder is the only way). */
        @WithDefault("true")
        boolean remoteEdit();

        /**
         * Whether the policy compiler warms up in the background a second after the start (it compiles the active
         * policy's smallest chapter and throws it away), so the first rule edit does not pay for loading the
         * compiler. A real compile that comes meanwhile cancels it.
         */
        @WithDefault("true")
        boolean warmUp();

        /**
         * Whether an edit compiles only the files it touched (a file whose rules changed, or whose rules call a
         * function that changed), put together with the rest of the chapter as it was compiled before; false
         * compiles every changed chapter whole. Both decide the same; the whole compile is slower.
         */
        @WithDefault("true")
        boolean incremental();

        /** Longest wall time of one policy compile (ISO-8601 or e.g. {@code 60s}). */
        @WithDefault("60s")
        Duration compileTimeout();

        /** Share of the maximum heap in use (what survived garbage collection) above which a compile is stopped or not started. */
        @WithDefault("0.85")
        double compileMemoryLimit();

        /** How many abandoned compiles may still be winding down before new compiles are refused. */
        @WithDefault("2")
        int compileMaxAbandoned();

        /** Chapters compiled in parallel; 0: all cores but one (a core stays free for commands). */
        @WithDefault("0")
        int compileThreads();

        /**
         * Most policy functions (and lambdas) on the stack at once while a command's rules run: deeper recursion is
         * stopped (422 rule_too_deep) and the command rolled back. The shipped policy needs 3.
         */
        @WithDefault("256")
        int maxDepth();

        /**
         * Share of the maximum heap one command's thread may allocate while its rules run (422 rule_memory past it,
         * rolled back); one text, builder or collection a library call makes may take an eighth of that.
         */
        @WithDefault("0.25")
        double commandMemoryShare();

        /** Largest rule file, in bytes. */
        @WithDefault("131072")
        int maxFileBytes();

        /** Most rule files in a policy or in one validation. */
        @WithDefault("200")
        int maxFiles();

        /** Largest policy, all files together, in bytes. */
        @WithDefault("2097152")
        int maxTotalBytes();

        /** Longest identifier, in characters. */
        @WithDefault("128")
        int maxIdentifier();

        /** Longest rule, query or function name, in characters. */
        @WithDefault("200")
        int maxName();

        /** Longest string literal, in characters. */
        @WithDefault("2000")
        int maxLiteral();

        /** Most segments of a dotted name (package names, qualified types). */
        @WithDefault("12")
        int maxSegments();

        /** Deepest nesting of parentheses, brackets and braces. */
        @WithDefault("32")
        int maxNesting();
    }
}
