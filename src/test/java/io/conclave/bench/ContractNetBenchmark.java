package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.sim.SimulatedBidders;

/**
 * The contract-net benchmark: a generated project of many independent tasks and many agents
 * is coordinated by contract net (every task announced to the agents that can handle it, simulated
 * agents bidding the original contract net's cost, the rules awarding each call) and, in the same run, by the centralized
 * assignment of the same tasks to the same agents. Reports the time until every task is ASSIGNED for
 * each, per round and as the median, and their ratio. In-process: ProjectSession on the shipped rules,
 * no journal, no Quarkus.
 *
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-contract-net
 *   ./mvnw -q test-compile exec:exec@benchmark-contract-net -Dbench.args="1000 1000 3 --capabilities=10"
 * </pre>
 * Arguments: {@code [tasks [agents [rounds]]]} plus {@code --warmup=N}, {@code --seed=N},
 * {@code --max-open=N} (default 20: every task can be awarded), {@code --capabilities=K}: the tasks need
 * one of K skills and each agent has 3 of them (about 3/K of the agents bid on each task); 0 (the default)
 * gives every agent the one skill every task needs, so all agents bid on all tasks. Exits 1 when a task is
 * left unassigned.
 */
public final class ContractNetBenchmark {
    private static final int MAX_FIRINGS = 5_000_000;

    private ContractNetBenchmark() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        int warmup = 1;
        long seed = 42;
        int maxOpen = 20;
        int capabilities = 0;
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            } else if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(a.substring(7));
            } else if (a.startsWith("--max-open=")) {
                maxOpen = Integer.parseInt(a.substring(11));
            } else if (a.startsWith("--capabilities=")) {
                capabilities = Integer.parseInt(a.substring(15));
            } else if (a.matches("\\d+")) {
                sizes.add(Integer.parseInt(a));
            } else {
                System.err.println("ContractNetBenchmark: unknown argument '" + a + "'");
                System.exit(2);
            }
        }
        int tasks = sizes.size() > 0 ? sizes.get(0) : 1000;
        int agents = sizes.size() > 1 ? sizes.get(1) : 1000;
        int rounds = sizes.size() > 2 ? sizes.get(2) : 3;
        QuietLogging.likeTheService();
        Policy policy = RulesFixture.compile(Path.of("rules"));
        out("Conclave contract-net benchmark: %d tasks, %d agents (max_open_tasks %d), %s, seed %d, %d warm-up + %d round(s)",
                tasks, agents, maxOpen, capabilities == 0 ? "every agent can handle every task"
                        : "tasks need one of " + capabilities + " skills, agents have 3", seed, warmup, rounds);
        out("policy %s; java %s, %d cpu(s), %s, load average %s", policy.version(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), BenchJvm.heap(), loadAverage());
        out("");
        out("wall-clock ms, and in brackets the CPU ms of the benchmark thread (the fair figure when other work shares the cores)");
        out("round        contract net ms   centralized ms     ratio  [  cnet cpu  central cpu  cpu ratio]   answers   awarded  assigned");
        List<Double> cnet = new ArrayList<>();
        List<Double> central = new ArrayList<>();
        List<Double> cnetCpu = new ArrayList<>();
        List<Double> centralCpu = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int failures = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            ProjectSpec cnSpec = spec(generate(tasks, agents, maxOpen, capabilities, seed, "contract_net"));
            ProjectSpec ceSpec = spec(generate(tasks, agents, maxOpen, capabilities, seed, "centralized"));
            System.gc();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int answers;
            int awarded;
            try (ProjectSession s = ProjectSession.start(cnSpec, policy, MAX_FIRINGS, 1, 0)) {
                answers = SimulatedBidders.answerOpenCalls(s);
                t0 = System.nanoTime() - t0;
                c0 = threads.getCurrentThreadCpuTime() - c0;
                awarded = assigned(s);
            }
            System.gc();
            long c1 = threads.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            int assigned;
            try (ProjectSession s = ProjectSession.start(ceSpec, policy, MAX_FIRINGS, 1, 0)) {
                t1 = System.nanoTime() - t1;
                c1 = threads.getCurrentThreadCpuTime() - c1;
                assigned = assigned(s);
            }
            boolean warm = r < warmup;
            double cms = t0 / 1e6;
            double ams = t1 / 1e6;
            double ccpu = c0 / 1e6;
            double acpu = c1 / 1e6;
            out("%-10s %17.1f %16.1f %8.1fx  [%10.1f %12.1f %9.1fx] %9d %9d %9d%s",
                    warm ? "warm-up " + (r + 1) : "round " + (r - warmup + 1),
                    cms, ams, cms / ams, ccpu, acpu, ccpu / acpu, answers, awarded, assigned,
                    awarded == tasks && assigned == tasks ? "" : "   NOT ALL ASSIGNED");
            failures += awarded == tasks && assigned == tasks ? 0 : 1;
            if (!warm) {
                cnet.add(cms);
                central.add(ams);
                cnetCpu.add(ccpu);
                centralCpu.add(acpu);
            }
        }
        double mc = median(cnet);
        double ma = median(central);
        out("");
        double mcc = median(cnetCpu);
        double mac = median(centralCpu);
        out("median     %17.1f %16.1f %8.1fx  [%10.1f %12.1f %9.1fx]", mc, ma, mc / ma, mcc, mac, mcc / mac);
        out("load average %s at the end", loadAverage());
        out("contract net: %.1f µs per task, centralized: %.1f µs per task", mc * 1000 / tasks, ma * 1000 / tasks);
        if (failures > 0) {
            System.exit(1);
        }
    }

    private static int assigned(ProjectSession s) {
        int n = 0;
        for (Task t : s.tasks()) {
            n += t.getStatus() == TaskStatus.ASSIGNED ? 1 : 0;
        }
        return n;
    }

    /** Independent tasks of 1-8 hours and complexity 1-5, each needing one skill at level 1; agents with skills of level 5. */
    static ObjectNode generate(int tasks, int agents, int maxOpen, int capabilities, long seed, String coordination) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("project_id", "bench-" + coordination.replace('_', '-'));
        root.put("title", "Contract-net benchmark");
        root.put("coordination", coordination);
        ArrayNode as = root.putArray("agents");
        for (int i = 1; i <= agents; i++) {
            ObjectNode a = as.addObject();
            a.put("agent_id", String.format("a%04d", i));
            a.put("max_open_tasks", maxOpen);
            ObjectNode sk = a.putObject("skill_levels");
            if (capabilities == 0) {
                sk.put("work", 5);
            } else {
                int first = rnd.nextInt(capabilities);
                for (int k = 0; k < Math.min(3, capabilities); k++) {
                    sk.put("s" + ((first + k) % capabilities), 5);
                }
            }
        }
        ArrayNode ts = root.putArray("tasks");
        for (int i = 1; i <= tasks; i++) {
            ObjectNode t = ts.addObject();
            t.put("task_id", String.format("t%05d", i));
            t.put("estimated_hours", 1 + rnd.nextInt(8));
            t.put("complexity", 1 + rnd.nextInt(5));
            t.put("priority", 1 + rnd.nextInt(5));
            t.putObject("required_skills").put(capabilities == 0 ? "work" : "s" + rnd.nextInt(capabilities), 1);
        }
        return root;
    }

    private static ProjectSpec spec(ObjectNode node) {
        try {
            return Json.MAPPER.treeToValue(node, ProjectSpec.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
