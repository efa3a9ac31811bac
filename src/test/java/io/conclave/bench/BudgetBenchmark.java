package io.conclave.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.PolicyVariants;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.budget.Budget;
import io.conclave.engine.budget.Limits;
import io.conclave.engine.budget.MeteredThread;
import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.conversation.TurnStrategy;

/**
 * What the budget's hooks cost. The shipped rules are compiled twice at run time in one JVM, with the hooks
 * (as the service runs them) and without (the baseline), and both decide the same work in alternating
 * rounds, each under an armed meter as a command is: the assignment of a generated project (10,000 tasks,
 * 1,000 agents, the CPU of {@code ProjectSession.start}) and turn decisions (the conversation benchmark's
 * dynamic strategy, the median CPU of one decision). Prints each round and the median ratio hooks/baseline, then
 * what arming a meter costs and what a loop turn's hook costs on one thread and on two turning at once.
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-budget
 *   ./mvnw -q test-compile exec:exec@benchmark-budget -Dbench.args="7"
 * </pre>
 * Argument: rounds (default 5), after two rounds of warm-up per variant that are not counted.
 */
public final class BudgetBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BudgetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.likeTheService();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var files = RuleFolder.read(Path.of("rules"));
        Policy hooks = PolicyVariants.compile(files, true);
        Policy plain = PolicyVariants.compile(files, false);
        // the service's hooks and checks, without a bound a round of thousands of decisions would pass as one command
        Budget.configure(new Limits(0, 256, Long.MAX_VALUE, Limits.of(0, 256, 0.25).maxValueBytes(), 50_000_000L));
        ProjectSpec spec = Json.MAPPER.treeToValue(AssignmentBenchmark.generate(
                AssignmentBenchmark.Options.parse(new String[] {"10000", "1000"})), ProjectSpec.class);
        ConversationBenchmark.Options turns = ConversationBenchmark.Options.parse(
                new String[] {"20", "1000", "5000", "--strategies=dynamic", "--warmup=20000"});
        out("Budget hooks benchmark: policy %s compiled at run time with hooks and without; %s; load %s",
                hooks.version(), BenchJvm.heap(), loadAverage());
        for (int w = 0; w < 2; w++) {
            assign(hooks, spec);
            assign(plain, spec);
            turn(hooks, turns);
            turn(plain, turns);
        }
        List<Double> assignRatios = new ArrayList<>();
        List<Double> turnRatios = new ArrayList<>();
        out("round  assign hooks ms  baseline ms  ratio   turn hooks us  baseline us  ratio");
        for (int r = 1; r <= rounds; r++) {
            // alternate which goes first, so a drift of the machine's load does not favour one
            boolean hooksFirst = r % 2 == 1;
            double ah = hooksFirst ? assign(hooks, spec) : 0;
            double ap = assign(plain, spec);
            ah = hooksFirst ? ah : assign(hooks, spec);
            double th = hooksFirst ? turn(hooks, turns) : 0;
            double tp = turn(plain, turns);
            th = hooksFirst ? th : turn(hooks, turns);
            assignRatios.add(ah / ap);
            turnRatios.add(th / tp);
            out("%5d  %15.0f  %11.0f  %5.3f  %13.1f  %11.1f  %5.3f", r, ah, ap, ah / ap, th, tp, th / tp);
        }
        out("median ratio hooks/baseline: assignment %.3f, turn decision %.3f (target: within 1.10); load %s",
                median(assignRatios), median(turnRatios), loadAverage());
        out("arming a meter (once per command): %.0f ns", armNanos());
        out("a loop turn's hook, in ns: on one thread %.1f (a plain thread) / %.1f (the command lane's kind); on two "
                + "at once %.1f / %.1f", loopTurnNanos(false, 1), loopTurnNanos(true, 1), loopTurnNanos(false, 2),
                loopTurnNanos(true, 2));
    }

    /**
     * The CPU nanoseconds of a loop turn's hook (with a store of the loop's own in each turn, as a rule's loop has, so
     * that the count of turns is written at every turn), under an armed meter, on {@code threads} threads turning at
     * once: plain threads, whose turns count down one shared counter, or the command lane's kind ({@link
     * MeteredThread}), each counting its own. The mean over the threads.
     */
    private static double loopTurnNanos(boolean metered, int threads) throws Exception {
        ForkJoinPool pool = metered ? new ForkJoinPool(threads, MeteredThread::new, null, true)
                : new ForkJoinPool(threads, p -> new ForkJoinWorkerThread(p) { }, null, true);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<ForkJoinTask<Double>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    Sink sink = new Sink();
                    start.await();
                    long turns = 100_000_000L;
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    try (Budget.Scope ignored = Budget.arm()) {
                        for (long i = 0; i < turns; i++) {
                            Budget.loop();
                            SINK.setRelease(sink, i);
                        }
                    }
                    return (THREADS.getCurrentThreadCpuTime() - cpu) / (double) turns;
                }));
            }
            double sum = 0;
            for (ForkJoinTask<Double> run : runs) {
                sum += run.get();
            }
            return sum / threads;
        } finally {
            pool.shutdown();
        }
    }

    /** A loop's own store (one object a thread, padded apart): a release store, so earlier stores are made first. */
    private static final class Sink {
        long p1, p2, p3, p4, p5, p6, p7;
        long value;
        long q1, q2, q3, q4, q5, q6, q7;
    }

    private static final VarHandle SINK;

    static {
        try {
            SINK = MethodHandles.lookup().findVarHandle(Sink.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** CPU milliseconds of assigning the project from scratch under an armed meter. */
    private static double assign(Policy policy, ProjectSpec spec) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        try (Budget.Scope ignored = Budget.arm()) {
            ProjectSession.start(spec, policy, 5_000_000, 1).close();
        }
        return (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
    }

    /** The median CPU microseconds of one turn decision, every decision under an armed meter. */
    private static double turn(Policy policy, ConversationBenchmark.Options opt) {
        try (Budget.Scope ignored = Budget.arm()) {
            return ConversationBenchmark.measure(policy, TurnStrategy.DYNAMIC, opt).rulesCpu().median();
        }
    }

    private static double armNanos() {
        int n = 1_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Budget.arm().close();
        }
        return (System.nanoTime() - t0) / (double) n;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
