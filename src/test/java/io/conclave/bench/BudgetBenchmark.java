package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.PolicyVariants;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.budget.Budget;
import io.conclave.engine.budget.Limits;
import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.conversation.TurnStrategy;

/**
 * What the budget's hooks cost. The shipped rules are compiled twice at run time in one JVM, with the hooks
 * (as the service runs them) and without (the baseline), and both decide the same work in alternating
 * rounds, each under an armed meter as a command is: the assignment of a generated project (10,000 tasks,
 * 1,000 agents, the CPU of {@code ProjectSession.start}) and turn decisions (the conversation benchmark's
 * dynamic strategy, the median CPU of one decision). Prints each round and the median ratio hooks/baseline.
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
