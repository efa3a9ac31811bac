package io.conclave.bench;

import io.conclave.model.command.SendMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import io.conclave.bench.ConversationWorkload.Agent;
import io.conclave.bench.ConversationWorkload.Message;
import io.conclave.engine.budget.MeteredThread;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationSession;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Refusal;
import io.conclave.model.conversation.ConversationRequest;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.model.conversation.TurnStrategy;

/**
 * The in-process conversation benchmark: the time of one turn decision, message in to
 * responders out, in a conversation of 20 agents with 1,000 messages of history. A
 * {@link ConversationSession} of the shipped rules (no Quarkus, no journal) decides each message
 * ({@code session.decide(message.toRequest(), at, seq)} and {@link TurnOutcome#of} over the ledger
 * entries it caused), timed in wall-clock and in CPU time of the thread; in the same loop, a plain
 * Java implementation of the same choice ({@link PlainTurns}: conversations/turn_order.drl's formulas, the
 * suggestion checks and the collaborative rounds, a yardstick only) decides the same message over the
 * same members, and both answers must name the same responders in the same order. The workload is
 * {@link ConversationWorkload}'s: agents of role "expert" with seeded priorities and capabilities,
 * messages from random members on 0-3 topics, one in five suggesting the next speaker, and a turn
 * limit nobody reaches, so the conversations never end.
 *
 * <p>Per strategy, the timed decisions are made {@value #BATCH} per conversation, each conversation
 * first taking the history (not timed, but checked), so every timed decision sees between 1,000 and
 * 1,249 earlier messages: the cost of a decision may grow with the history (it does under
 * collaborative, whose rounds stay in working memory). First, every strategy is warmed up the same way
 * with other seeds, history included, and thrown away: the times keep falling over the first tens of
 * thousands of decisions of the JVM.
 *
 * <p>Then, for each {@code --between=} item, the first strategy's decisions again with that work between them
 * ({@link WorkBetween}: memory read and written, a sleep, the other core): what the rules cost in a server's regime.
 *
 * <p>Then, when the journaled path runs, the first strategy's decisions again, each after a line of a journal's
 * length written and forced to disk (untimed): what a force does to the code that runs after it on that thread.
 *
 * <p>Then the journaled path once, round robin: a {@link ConversationRegistry} in a temporary folder,
 * {@code runtime.post(message)} per message as the REST resource calls it (the time acting first, the
 * decision, the journal line forced to disk, the events), the history first, in wall-clock time and in CPU
 * time of the posting thread (the kernel's share apart) and in bytes it allocated, against a plain append and force
 * of a line of the same length in the same folder, the disk's share of it.
 *
 * <p>Not a unit test: a command. Run from the project folder (it reads {@code ./rules}):
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-conversation
 *   ./mvnw -q test-compile exec:exec@benchmark-conversation -Dbench.args="20 1000 5000 --strategies=dynamic"
 * </pre>
 * Arguments: {@code [agents [history [decisions]]]} (default 20 1000 5000) plus {@code --warmup=N}
 * (decisions thrown away per strategy, history included, default 30000), {@code --seed=N}, {@code --rules=DIR},
 * {@code --strategies=a,b} (default round_robin,dynamic,collaborative,single_agent; collaborative lets at
 * most 3 answer), {@code --journaled=N} (timed journaled posts after the history; 0 skips the journaled
 * path; default 500), {@code --journaled-conversations=N} (the journaled path's conversations, each taking one
 * message in turn; default 1), {@code --temp-dir=DIR} (where the journaled path's temporary folder goes; default the
 * system's temporary folder; {@code /dev/shm} takes the disk out), {@code --keep-data} (keep that folder),
 * {@code --between=evict-MIB,park-MICROSECONDS,other-thread} (the first strategy again with that work between
 * decisions, one line each; default none), {@code --thread=main|lane} (everything on the main thread, the default, or
 * on a thread of the kind the command lane runs commands on, whose rules' hooks read their meter off the thread).
 * Exits 1 when the rules and the plain Java disagree on the responders of any message (or the rules
 * refuse one), 2 on bad arguments.
 */
public final class ConversationBenchmark {
    private static final long T0 = 1_700_000_000_000L;
    /** The service's default conclave.max-firings-per-command. */
    private static final int MAX_FIRINGS = 500_000;
    private static final int MISMATCHES_SHOWN = 10;
    /** Timed decisions per conversation: each sees between history and history + BATCH - 1 earlier messages. */
    private static final int BATCH = 250;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** A journal line's length in the REST benchmark's runs (a decision's command with its chain hashes). */
    private static final int FORCED_LINE_BYTES = 466;

    private ConversationBenchmark() {
    }

    record Options(int agents, int history, int decisions, int warmup, long seed, Path rules,
                   List<TurnStrategy> strategies, int journaled, int journaledConversations, Path tempDir,
                   boolean keepData, List<String> between, boolean onLane) {

        static Options parse(String[] args) {
            List<Integer> sizes = new ArrayList<>();
            Map<String, String> opts = new HashMap<>();
            boolean keep = false;
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                }
                if (a.equals("--keep-data")) {
                    keep = true;
                } else if (a.startsWith("--") && a.contains("=")) {
                    String name = a.substring(2, a.indexOf('='));
                    if (!List.of("warmup", "seed", "rules", "strategies", "journaled", "journaled-conversations",
                            "temp-dir", "between", "thread").contains(name)) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    opts.put(name, a.substring(a.indexOf('=') + 1));
                } else if (a.matches("\\d+")) {
                    sizes.add(Integer.parseInt(a));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (sizes.size() > 3) {
                throw new IllegalArgumentException("at most three numbers: agents history decisions");
            }
            List<TurnStrategy> strategies = new ArrayList<>();
            String names = opts.getOrDefault("strategies", "round_robin,dynamic,collaborative,single_agent");
            for (String s : names.split(",")) {
                TurnStrategy t = TurnStrategy.parse(s.trim());
                if (t == null) {
                    throw new IllegalArgumentException("'" + s + "' is not a turn strategy");
                }
                strategies.add(t);
            }
            Options o = new Options(sizes.size() > 0 ? sizes.get(0) : 20, sizes.size() > 1 ? sizes.get(1) : 1_000,
                    sizes.size() > 2 ? sizes.get(2) : 5_000, Integer.parseInt(opts.getOrDefault("warmup", "30000")),
                    Long.parseLong(opts.getOrDefault("seed", "42")), Path.of(opts.getOrDefault("rules", "rules")),
                    List.copyOf(strategies), Integer.parseInt(opts.getOrDefault("journaled", "500")),
                    Integer.parseInt(opts.getOrDefault("journaled-conversations", "1")),
                    Path.of(opts.getOrDefault("temp-dir", System.getProperty("java.io.tmpdir"))), keep,
                    opts.getOrDefault("between", "").isBlank() ? List.of() : List.of(opts.get("between").split(",")),
                    onLane(opts.getOrDefault("thread", "main")));
            o.between.forEach(WorkBetween::check); // refused here, before the long run
            if (o.agents < 3 || o.history < 0 || o.decisions < 1 || o.warmup < 0 || o.journaled < 0
                    || o.journaledConversations < 1) {
                throw new IllegalArgumentException("need agents >= 3, decisions >= 1, history, warmup and journaled "
                        + ">= 0, journaled conversations >= 1");
            }
            return o;
        }

        private static boolean onLane(String thread) {
            if (!thread.equals("main") && !thread.equals("lane")) {
                throw new IllegalArgumentException("--thread is main or lane, not '" + thread + "'");
            }
            return thread.equals("lane");
        }
    }

    public static void main(String[] args) throws IOException {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ConversationBenchmark: " + e.getMessage());
            System.err.println("usage: [agents [history [decisions]]] [--warmup=N] [--seed=N] [--rules=DIR] "
                    + "[--strategies=round_robin,dynamic,collaborative,single_agent] [--journaled=N] "
                    + "[--journaled-conversations=N] [--temp-dir=DIR] [--keep-data] "
                    + "[--between=evict-MIB,park-MICROSECONDS,other-thread] [--thread=main|lane]");
            System.exit(2);
            return;
        }
        int status = opt.onLane ? onLane(opt) : run(opt);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the benchmark on a thread of the kind the command lane runs commands on ({@link MeteredThread}). */
    private static int onLane(Options opt) throws IOException {
        ForkJoinPool lane = new ForkJoinPool(1, MeteredThread::new, null, true);
        try {
            return lane.submit(() -> run(opt)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            lane.shutdown();
        }
    }

    private static int run(Options opt) throws IOException {
        String loadAtStart = Latencies.loadAverage();
        String memoryAtStart = MemoryProbe.describe();
        Policy policy = RulesFixture.compile(opt.rules);
        out("Conclave conversation benchmark, in-process: %d agents, %d timed decisions per strategy after a warm-up "
                + "of some %d per strategy, %d per conversation, each conversation holding %d messages of history "
                + "first; seed %d", opt.agents, opt.decisions, opt.warmup, BATCH, opt.history, opt.seed);
        out("policy %s from %s; max_turns_per_agent %d (never reached), collaborative_limit %d", policy.version(),
                opt.rules.toAbsolutePath().normalize(), ConversationWorkload.MAX_TURNS_PER_AGENT,
                ConversationWorkload.COLLABORATIVE_LIMIT);
        out("one decision = session.decide(message.toRequest()) + TurnOutcome.of(ledger since the mark); "
                + "plain Java = the same choice in a few lines, the yardstick");
        out("");
        out("microseconds per decision, wall clock on one thread; in brackets the rules' median CPU time of that "
                + "thread");
        out("strategy          rules: median      p99       max  [   cpu]  decisions/s | plain: median     p99 "
                + "|  ratio | agree");
        List<String> warmMismatches = new ArrayList<>();
        for (TurnStrategy strategy : opt.strategies) {
            warmUp(policy, strategy, opt, warmMismatches);
        }
        int mismatches = warmMismatches.size();
        warmMismatches.stream().limit(MISMATCHES_SHOWN).forEach(s -> out("    warm-up %s", s));
        List<Measured> measured = new ArrayList<>();
        for (TurnStrategy strategy : opt.strategies) {
            Measured m = measure(policy, strategy, opt);
            measured.add(m);
            out("%-16s %14.1f %8.1f %9.1f  [%6.1f] %12.0f | %13.2f %7.2f | %5.0fx | %s", strategy.json(),
                    m.rules().median(), m.rules().p99(), m.rules().max(), m.rulesCpu().median(), m.rules().perSecond(),
                    m.plain().median(), m.plain().p99(), m.rules().median() / m.plain().median(),
                    m.mismatches.isEmpty() ? "yes" : "NO: " + m.mismatches.size() + " of " + m.checked
                            + " message(s) differ");
            m.mismatches.stream().limit(MISMATCHES_SHOWN).forEach(s -> out("    %s", s));
            mismatches += m.mismatches.size();
        }
        out("");
        for (Measured m : measured) {
            out("%-16s rules: median %.1f us (p99 %.1f) vs plain Java: median %.2f us: ratio %.0f; target < 50 us %s; "
                            + "outcomes %s", m.strategy.json(), m.rules().median(), m.rules().p99(), m.plain().median(),
                    m.rules().median() / m.plain().median(), m.rules().median() < 50 ? "met"
                            : format("MISSED by %.0f%%", 100 * (m.rules().median() / 50 - 1)), m.mix);
        }
        for (String w : opt.between) {
            mismatches += withWorkBetween(policy, opt, measured.get(0), WorkBetween.parse(w));
        }
        if (opt.journaled > 0) {
            mismatches += afterForcedLines(policy, opt, measured.get(0));
            mismatches += journaled(policy, opt);
        }
        Runtime rt = Runtime.getRuntime();
        out("");
        out("machine: %d cores, Java %s, %s, load average %s at start, %s at end; %s at start, %s at end",
                rt.availableProcessors(), System.getProperty("java.version"), BenchJvm.heap(), loadAtStart,
                Latencies.loadAverage(), memoryAtStart, MemoryProbe.describe());
        return mismatches == 0 ? 0 : 1;
    }

    /**
     * The first strategy's decisions again with {@code between}'s work around each (untimed): what the rules cost when
     * what runs between two decisions leaves their memory cold, against {@code without} (the same decisions in a
     * row). Returns the disagreements.
     */
    private static int withWorkBetween(Policy policy, Options opt, Measured without, WorkBetween between) {
        try (between) {
            Measured m = measure(policy, without.strategy(), opt, between);
            out("%s again, %s (untimed): rules median %.1f us [cpu %.1f], plain Java %.2f us, against "
                    + "%.1f [%.1f] and %.2f in a row: %.1fx", without.strategy().json(), between.describe(),
                    m.rules().median(), m.rulesCpu().median(), m.plain().median(), without.rules().median(),
                    without.rulesCpu().median(), without.plain().median(),
                    m.rules().median() / without.rules().median());
            return m.mismatches().size();
        }
    }

    /**
     * The first strategy's decisions again, each after a line of a journal's length written and forced to disk in
     * the temporary folder (outside the timed span): what a force costs the code that runs after it on the same
     * thread, besides its own time. On the virtual machines this was measured on, a decision took 1.6-2x its
     * time right after a force, and the plain Java too, while the same JSON work between decisions changed
     * nothing (docs/benchmarks.md). Returns the disagreements.
     */
    private static int afterForcedLines(Policy policy, Options opt, Measured without) throws IOException {
        Path file = Files.createTempFile(opt.tempDir, "conclave-conv-force-", ".jsonl");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            byte[] line = new byte[FORCED_LINE_BYTES];
            java.util.Arrays.fill(line, (byte) 'x');
            line[line.length - 1] = '\n';
            WorkBetween force = WorkBetween.of("a line forced to disk before each decision", () -> {
                try {
                    ch.write(java.nio.ByteBuffer.wrap(line));
                    ch.force(false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Measured m = measure(policy, without.strategy(), opt, force);
            out("");
            out("%s again, a %d-byte line written and forced to disk (in %s) before each decision, outside the timed "
                    + "span: rules median %.1f us [cpu %.1f], plain Java %.2f us, against %.1f [%.1f] and %.2f without: "
                    + "%.1fx after a force", without.strategy().json(), FORCED_LINE_BYTES, opt.tempDir, m.rules().median(),
                    m.rulesCpu().median(), m.plain().median(), without.rules().median(), without.rulesCpu().median(),
                    without.plain().median(), m.rules().median() / without.rules().median());
            return m.mismatches().size();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What one strategy measured: the timings, the messages checked, the disagreements and the mix of outcomes. */
    record Measured(TurnStrategy strategy, Timings timings, int checked, List<String> mismatches, String mix) {
        Latencies rules() { return timings.rules; }
        Latencies rulesCpu() { return timings.rulesCpu; }
        Latencies plain() { return timings.plain; }
    }

    /** Per decision: the rules' wall-clock and CPU time, and the plain Java's wall-clock time. */
    record Timings(Latencies rules, Latencies rulesCpu, Latencies plain) {
        Timings() {
            this(new Latencies(), new Latencies(), new Latencies());
        }
    }

    /** At least {@code opt.warmup} decisions of the strategy, history included, in conversations like the timed. */
    static void warmUp(Policy policy, TurnStrategy strategy, Options opt, List<String> mismatches) {
        int conversations = (opt.warmup + opt.history + BATCH - 1) / (opt.history + BATCH);
        conversations(policy, strategy, opt, conversations * BATCH, new SplittableRandom(~opt.seed), null, mismatches,
                new TreeMap<>(), WorkBetween.nothing());
    }

    /** The timed decisions of one strategy, in conversations that hold the history first. */
    static Measured measure(Policy policy, TurnStrategy strategy, Options opt) {
        return measure(policy, strategy, opt, WorkBetween.nothing());
    }

    /** {@link #measure(Policy, TurnStrategy, Options)}, with {@code between} around each timed decision. */
    static Measured measure(Policy policy, TurnStrategy strategy, Options opt, WorkBetween between) {
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Timings timings = new Timings();
        int checked = conversations(policy, strategy, opt, opt.decisions, new SplittableRandom(opt.seed), timings,
                mismatches, outcomes, between);
        int all = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        List<String> mix = new ArrayList<>();
        outcomes.forEach((k, n) -> mix.add(format("%s %.0f%%", k, 100.0 * n / all)));
        return new Measured(strategy, timings, checked, mismatches, String.join(", ", mix));
    }

    /**
     * Makes {@code decisions} decisions, timed into {@code timings} unless null, {@value #BATCH} per
     * conversation, each conversation first taking {@code opt.history} messages (not timed), so every
     * timed decision sees between history and history + {@value #BATCH} - 1 earlier messages. Returns how
     * many messages were checked against the plain Java.
     */
    private static int conversations(Policy policy, TurnStrategy strategy, Options opt, int decisions,
                                     SplittableRandom seeds, Timings timings, List<String> mismatches,
                                     Map<String, Integer> outcomes, WorkBetween between) {
        int checked = 0;
        for (int done = 0; done < decisions; ) {
            try (Driven c = new Driven(policy, strategy, opt.agents, seeds.split())) {
                for (int i = 0; i < opt.history; i++) {
                    c.step(null);
                }
                c.outcomes.clear();
                int n = Math.min(BATCH, decisions - done);
                for (int i = 0; i < n; i++) {
                    between.before();
                    between.decide(i, () -> c.step(timings));
                }
                done += n;
                checked += opt.history + n;
                mismatches.addAll(c.mismatches);
                c.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            }
        }
        return checked;
    }

    /** One conversation driven in-process: the rules' session and the plain Java side by side. */
    private static final class Driven implements AutoCloseable {
        private final ConversationSession session;
        private final PlainTurns plain;
        private final List<Agent> agents;
        private final SplittableRandom random;
        private final List<String> mismatches = new ArrayList<>();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private long messages;
        private long commands = 1;

        Driven(Policy policy, TurnStrategy strategy, int agentCount, SplittableRandom random) {
            this.random = random;
            this.agents = ConversationWorkload.agents(agentCount, random);
            ConversationPolicy p = ConversationWorkload.policy(strategy);
            this.session = ConversationSession.start(new ConversationSpec("bench", null, p), policy, MAX_FIRINGS, T0,
                    commands);
            this.plain = new PlainTurns(p);
            for (Agent a : agents) {
                Refusal r = session.decide(ConversationRequest.join(a.id(), a.role()), T0, ++commands);
                if (r != null) {
                    throw new IllegalStateException(a.id() + " could not join: " + r.getReason());
                }
                plain.join(a);
            }
        }

        /** One message from the workload: decided by the rules then by the plain Java, each timed when asked to. */
        void step(Timings timings) {
            Message m = ConversationWorkload.message(agents, random);
            long at = T0 + ++messages * 1000;
            ConversationMessage message = m.numbered(messages, Instant.ofEpochMilli(at));
            long seq = ++commands;

            long c0 = timings == null ? 0 : THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int mark = session.ledger().size();
            Refusal refusal = session.decide(message.toRequest(), at, seq);
            TurnOutcome outcome = refusal != null ? null : TurnOutcome.of(message.seq(),
                    session.ledger().subList(mark, session.ledger().size()), session.conversation());
            long t1 = System.nanoTime();
            long c1 = timings == null ? 0 : THREADS.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            List<String> expected = plain.decide(m);
            long t3 = System.nanoTime();

            if (timings != null) {
                timings.rules.add(t1 - t0);
                timings.rulesCpu.add(c1 - c0);
                timings.plain.add(t3 - t2);
            }
            if (outcome == null) {
                mismatches.add("message " + messages + " was refused: " + refusal.getCode() + " "
                        + refusal.getReason());
                return;
            }
            outcomes.merge(kind(outcome), 1, Integer::sum);
            if (!outcome.responders().equals(expected)) {
                mismatches.add("message " + messages + " from " + m.sender() + " on " + m.topics()
                        + (m.suggestedNext() == null ? "" : " suggesting " + m.suggestedNext()) + ": rules "
                        + outcome.responders() + " (" + outcome.reason().rule() + "), plain Java " + expected);
            }
        }

        /** How a message was answered: strategy, suggestion, loop guard, nobody, or as a round's response. */
        private static String kind(TurnOutcome o) {
            for (TurnDecision d : o.decisions()) {
                if (d.getKind() == TurnDecisionKind.TURN_GRANTED) {
                    return d.getVia();
                }
                if (d.getKind() == TurnDecisionKind.NO_RESPONDER) {
                    return "nobody";
                }
                if (d.getKind() == TurnDecisionKind.RESPONSE_RECORDED) {
                    return "round response";
                }
            }
            return "other";
        }

        @Override
        public void close() {
            session.close();
        }
    }

    // ================================================================ the journaled path

    /**
     * Round robin through the registry, fsync and all; after each timed post, the same number of bytes
     * appended to another file of the folder and forced, so both see the same disk. With several conversations
     * ({@code --journaled-conversations}), each has its own members and takes one message in turn, the history
     * too, as a server's clients interleave them: each post meets a session the others have pushed out of the
     * caches. Returns the disagreements.
     */
    private static int journaled(Policy policy, Options opt) throws IOException {
        Path data = Files.createTempDirectory(opt.tempDir, "conclave-conv-bench-");
        FileStore store = Files.getFileStore(data);
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() { return policy; }

            @Override
            public Policy byVersion(String version) { return policy; }
        };
        SplittableRandom random = new SplittableRandom(opt.seed);
        ConversationPolicy p = ConversationWorkload.policy(TurnStrategy.ROUND_ROBIN);
        int count = opt.journaledConversations;
        Latencies posts = new Latencies();
        Latencies forces = new Latencies();
        Latencies postCpu = new Latencies();
        Latencies postUser = new Latencies();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // what a post allocates is a lever on its CPU too: in the server it is what evicts the sessions from the caches
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long allocated = 0;
        long bytes = 0;
        int mismatches = 0;
        try (ConversationRegistry registry = new ConversationRegistry(data, source, MAX_FIRINGS, Clock.systemUTC(),
                e -> { });
             FileChannel side = FileChannel.open(data.resolve("force-alone.bin"), StandardOpenOption.CREATE,
                     StandardOpenOption.WRITE)) {
            List<ConversationRuntime> runtimes = new ArrayList<>();
            List<List<Agent>> members = new ArrayList<>();
            List<PlainTurns> plains = new ArrayList<>();
            List<Path> journals = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                String id = count == 1 ? "bench" : "bench-" + c;
                List<Agent> agents = ConversationWorkload.agents(opt.agents, random);
                PlainTurns plain = new PlainTurns(p);
                ConversationRuntime rt = registry.create(new ConversationSpec(id, null, p), "benchmark");
                for (Agent a : agents) {
                    rt.join(a.id(), a.role());
                    plain.join(a);
                }
                runtimes.add(rt);
                members.add(agents);
                plains.add(plain);
                journals.add(data.resolve("conversations").resolve(id).resolve("journal.jsonl"));
            }
            for (int i = 0; i < count * opt.history + opt.journaled; i++) {
                int c = i % count;
                Message m = ConversationWorkload.message(members.get(c), random);
                Path journal = journals.get(c);
                long size = Files.size(journal);
                long a0 = allocations.getThreadAllocatedBytes(Thread.currentThread().getId());
                // the user time first and last: the JDK reads it from /proc, 11-12 us of this thread's CPU a call on a
                // virtual machine, which the CPU time (one clock_gettime) must not count
                long u0 = threads.getCurrentThreadUserTime();
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                TurnOutcome outcome = runtimes.get(c).post(SendMessage.of(m.numbered(0, null)));
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                long u1 = threads.getCurrentThreadUserTime();
                long a1 = allocations.getThreadAllocatedBytes(Thread.currentThread().getId());
                if (!outcome.responders().equals(plains.get(c).decide(m))) {
                    mismatches++;
                }
                if (i >= count * opt.history) {
                    posts.add(t1 - t0);
                    postCpu.add(c1 - c0);
                    postUser.add(u1 - u0);
                    allocated += a1 - a0;
                    int line = (int) (Files.size(journal) - size);
                    bytes += line;
                    forces.add(appendAndForce(side, line));
                }
            }
        }
        out("");
        out("journaled path, round robin: ConversationRuntime.post per message in %s (%s, %s), %s, %d messages of "
                + "history each then %d timed", data, store.type(), store.name(), count == 1 ? "one conversation"
                : count + " conversations taking one message each in turn", opt.history, opt.journaled);
        out("  runtime.post       : median %.1f us (p99 %.1f, max %.1f), %.0f posts/s on one thread; responders %s",
                posts.median(), posts.p99(), posts.max(), posts.perSecond(),
                mismatches == 0 ? "agree with the plain Java" : "DIFFER for " + mismatches + " message(s)");
        // the JVM counts a thread's user time in ticks: only its mean over many posts says something, and a mean above
        // the CPU's (the ticks' own noise) says the kernel's share is too small to tell
        double user = Math.min(postUser.mean(), postCpu.mean());
        out("  runtime.post's CPU : mean %.1f us of the posting thread (%.1f in user space, %.1f in the kernel), "
                + "median %.1f", postCpu.mean(), user, postCpu.mean() - user, postCpu.median());
        out("  runtime.post's heap: %.1f KB allocated by the posting thread a post, on average", allocated / 1024.0
                / opt.journaled);
        out("  append+force alone : median %.1f us (p99 %.1f, max %.1f), after each post, of as many bytes as its "
                + "journal line (%d on average)", forces.median(), forces.p99(), forces.max(), bytes / opt.journaled);
        double share = forces.median() / posts.median();
        out("  the disk force alone is %.0f%% of the median post%s", 100 * share, share >= 0.5
                ? ": the journaled path is dominated by it" : "; the rest is the decision, the time acting first and "
                + "the JSON of the journal line and the events");
        if (opt.keepData) {
            out("  kept %s", data);
        } else {
            ConversationWorkload.deleteTree(data);
        }
        return mismatches;
    }

    /** Appends {@code bytes} bytes and forces them to disk as the journal does; returns the nanoseconds it took. */
    private static long appendAndForce(FileChannel channel, int bytes) throws IOException {
        byte[] line = new byte[Math.max(1, bytes)];
        Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = '\n';
        long t0 = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        return System.nanoTime() - t0;
    }

    // ================================================================ the yardstick

    /**
     * The plain Java turn choice over the same members, for messages without handoff, stance, final
     * flag or context keys, and a turn limit nobody reaches (what the workload sends). It follows
     * rules/conversations/turn_order.drl's formulas: candidates are the members other than the sender under their
     * limit; round robin takes the first candidate after the last turn holder in join order; dynamic the
     * most capabilities among the topics, then priority, then least recent turn, then join order;
     * collaborative those that match (all when none does) by priority then join order, at most the
     * limit; single agent the highest priority member (first joined on a tie), nobody when it sent the
     * message. Under dynamic and collaborative a suggested candidate answers (first), unless the loop
     * guard sees the same two agents handing the turn back and forth: then the most senior other
     * candidate. A collaborative round awaits its responders: their next message is a response, not a
     * request for a turn.
     */
    static final class PlainTurns {
        private static final Comparator<Agentry> SENIORITY = Comparator.<Agentry>comparingInt(m -> -m.priority)
                .thenComparingInt(m -> m.lastTurn).thenComparingInt(m -> m.order);
        private static final Comparator<Agentry> BY_PRIORITY = Comparator.<Agentry>comparingInt(m -> -m.priority)
                .thenComparingInt(m -> m.order);

        /** A member as the plain Java keeps it. */
        private static final class Agentry {
            final String id;
            final int priority;
            final List<String> capabilities;
            final int order;
            int turns;
            int lastTurn;

            Agentry(Agent a, int order) {
                this.id = a.id();
                this.priority = a.role().priority();
                this.capabilities = a.role().capabilities();
                this.order = order;
            }

            int matches(List<String> topics) {
                int n = 0;
                for (String c : capabilities) {
                    if (topics.contains(c)) {
                        n++;
                    }
                }
                return n;
            }
        }

        private final ConversationPolicy policy;
        private final List<Agentry> members = new ArrayList<>();
        private final Map<String, Agentry> byId = new HashMap<>();
        private final List<String> awaited = new ArrayList<>();
        private int totalTurns;
        private int rotationOrder = -1;
        private String pairFirst;
        private String pairSecond;
        private int pingPongs;

        PlainTurns(ConversationPolicy policy) {
            this.policy = policy;
        }

        void join(Agent a) {
            Agentry m = new Agentry(a, members.size());
            members.add(m);
            byId.put(m.id, m);
        }

        /** The responders of the message, in order; empty when nobody answers or it is a round's response. */
        List<String> decide(Message msg) {
            TurnStrategy strategy = policy.turnStrategy();
            if (strategy == TurnStrategy.COLLABORATIVE && awaited.remove(msg.sender())) {
                return List.of();
            }
            List<Agentry> candidates = new ArrayList<>(members.size());
            for (Agentry m : members) {
                if (!m.id.equals(msg.sender()) && m.turns < policy.maxTurnsPerAgent()) {
                    candidates.add(m);
                }
            }
            Agentry suggested = msg.suggestedNext() == null ? null : byId.get(msg.suggestedNext());
            if (suggested != null && candidates.contains(suggested)
                    && (strategy == TurnStrategy.DYNAMIC || strategy == TurnStrategy.COLLABORATIVE)) {
                if (pingPong(msg.sender(), suggested.id)) {
                    candidates.remove(suggested);
                    return candidates.isEmpty() ? List.of()
                            : grant(msg.sender(), List.of(candidates.stream().min(SENIORITY).get()), false);
                }
                List<Agentry> team = new ArrayList<>(List.of(suggested));
                if (strategy == TurnStrategy.COLLABORATIVE) {
                    for (Agentry o : collaborators(candidates, msg.topics())) {
                        if (o != suggested && team.size() < policy.collaborativeLimit()) {
                            team.add(o);
                        }
                    }
                }
                return grant(msg.sender(), team, true);
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            return switch (strategy) {
                case ROUND_ROBIN -> {
                    int n = Math.max(1, members.size());
                    Agentry next = candidates.stream()
                            .min(Comparator.comparingInt(m -> Math.floorMod(m.order - rotationOrder - 1, n))).get();
                    yield grant(msg.sender(), List.of(next), false);
                }
                case DYNAMIC -> grant(msg.sender(), List.of(candidates.stream()
                        .min(Comparator.<Agentry>comparingInt(m -> -m.matches(msg.topics())).thenComparing(SENIORITY))
                        .get()), false);
                case COLLABORATIVE -> grant(msg.sender(), collaborators(candidates, msg.topics()), false);
                case SINGLE_AGENT -> {
                    Agentry primary = members.stream().min(BY_PRIORITY).get();
                    yield candidates.contains(primary) ? grant(msg.sender(), List.of(primary), false) : List.of();
                }
            };
        }

        private List<Agentry> collaborators(List<Agentry> candidates, List<String> topics) {
            boolean anyMatch = candidates.stream().anyMatch(m -> m.matches(topics) > 0);
            return candidates.stream().filter(m -> !anyMatch || m.matches(topics) > 0).sorted(BY_PRIORITY)
                    .limit(policy.collaborativeLimit()).toList();
        }

        private boolean pingPong(String from, String to) {
            return isPair(from, to) && pingPongs >= policy.loopLimit();
        }

        /** True when a turn from {@code a} to {@code b} goes between the two agents of the current back-and-forth. */
        private boolean isPair(String a, String b) {
            return (a.equals(pairFirst) && b.equals(pairSecond)) || (a.equals(pairSecond) && b.equals(pairFirst));
        }

        /** Records the turn as "A granted turn is recorded" does and returns the responders' ids. */
        private List<String> grant(String sender, List<Agentry> team, boolean suggestion) {
            List<String> ids = new ArrayList<>(team.size());
            for (Agentry m : team) {
                m.turns++;
                m.lastTurn = ++totalTurns;
                ids.add(m.id);
            }
            Agentry last = team.get(team.size() - 1);
            if (suggestion && team.size() == 1) {
                if (isPair(sender, last.id)) {
                    pingPongs++;
                } else {
                    pairFirst = sender;
                    pairSecond = last.id;
                    pingPongs = 1;
                }
            } else {
                pairFirst = null;
                pairSecond = null;
                pingPongs = 0;
            }
            rotationOrder = last.order;
            if (policy.turnStrategy() == TurnStrategy.COLLABORATIVE) {
                awaited.clear();
                awaited.addAll(ids);
            }
            return ids;
        }
    }

    private static String format(String format, Object... args) {
        return Latencies.format(format, args);
    }

    private static void out(String format, Object... args) {
        System.out.println(format(format, args));
    }
}
