package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.conclave.bench.ConversationWorkload.Agent;
import io.conclave.bench.ConversationWorkload.Message;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.command.SendMessage;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnStrategy;

/**
 * What a busy conversation holds: one conversation of 20 agents (round robin, the conversation benchmark's
 * workload) takes messages through {@code ConversationRuntime.post}, journaled, as the REST resource posts them;
 * at each mark of the history series (1k, 10k, 100k messages) the run prints the heap the conversation holds (after
 * full collections), the size of the answer of {@code GET /api/conversations/{id}} (the snapshot as JSON) and the
 * median time to read it ({@value #SNAPSHOT_READS} reads: the snapshot under the lock, its window of messages read
 * back from the history on disk, and its JSON), the size of the decisions' list, and the median time of the last
 * posts. The baseline is the journal on disk: every message
 * and decision, once, as written. The first conversation's heap includes what the first one builds once (its rules'
 * network, the serializers): after the marks, a second conversation of the same agents takes as many messages as the
 * first, and the run prints what it alone holds, which is what each further busy conversation costs.
 * <p>
 * Arguments: the marks, comma-separated (default {@code 1000,10000,100000}), and {@code --strategy=S} (default
 * {@code round_robin}; {@code dynamic} decisions also say which candidate matched which topic).
 * <p>
 * The journal goes to a memory file system when there is one (its forces would only slow the run; the heap is
 * the figure here). {@code ./mvnw -q test-compile exec:exec@benchmark-conversation-memory
 * -Dbench.args="1000,10000,100000"}.
 */
public final class ConversationMemoryBenchmark {
    /** Snapshots read at each mark for the median time of one. */
    private static final int SNAPSHOT_READS = 300;

    private ConversationMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> marks = List.of(1_000, 10_000, 100_000);
        TurnStrategy strategy = TurnStrategy.ROUND_ROBIN;
        for (String a : args) {
            if (a.startsWith("--strategy=")) {
                strategy = TurnStrategy.parse(a.substring("--strategy=".length()));
                if (strategy == null) {
                    System.err.println("not a turn strategy: " + a);
                    System.exit(2);
                }
            } else if (!a.isBlank()) {
                marks = java.util.Arrays.stream(a.split(",")).map(Integer::parseInt).toList();
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "Conclave conversation memory benchmark: marks %s, %s, max heap %d MB, load average "
                + "%s%n", marks, strategy.json(), Runtime.getRuntime().maxMemory() >> 20, ContractNetBenchmark.loadAverage());
        Policy policy = RulesFixture.policy();
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() { return policy; }

            @Override
            public Policy byVersion(String version) { return policy; }
        };
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of("target");
        Path data = Files.createTempDirectory(base, "conclave-conv-memory");
        SplittableRandom random = new SplittableRandom(42);
        List<Agent> agents = ConversationWorkload.agents(20, random);
        long empty;
        System.out.printf(Locale.ROOT, "%10s %12s %12s %14s %12s %14s %12s %12s%n", "messages", "heap held",
                "per message", "GET answer", "GET median", "decisions", "journal", "post median");
        try (ConversationRegistry registry = new ConversationRegistry(data, source, 500_000, Clock.systemUTC(), e -> { })) {
            empty = usedHeap(memory);
            ConversationRuntime rt = registry.create(new ConversationSpec("busy", null,
                    ConversationWorkload.policy(strategy)), "benchmark");
            for (Agent a : agents) {
                rt.join(a.id(), a.role());
            }
            Path journal = data.resolve("conversations").resolve("busy").resolve("journal.jsonl");
            int posted = 0;
            for (int mark : marks) {
                List<Long> last = new ArrayList<>();
                while (posted < mark) {
                    Message m = ConversationWorkload.message(agents, random);
                    long t0 = System.nanoTime();
                    rt.post(SendMessage.of(m.numbered(0, null)));
                    if (mark - posted <= 500) {
                        last.add(System.nanoTime() - t0);
                    }
                    posted++;
                }
                long held = usedHeap(memory) - empty;
                long get = Json.MAPPER.writeValueAsBytes(rt.read(ConversationView::snapshot)).length;
                long[] reads = new long[SNAPSHOT_READS];
                for (int i = 0; i < reads.length; i++) {
                    long t0 = System.nanoTime();
                    Json.MAPPER.writeValueAsBytes(rt.read(ConversationView::snapshot));
                    reads[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(reads);
                long decisions = Json.MAPPER.writeValueAsBytes(rt.read(ConversationView::ledger)).length;
                last.sort(null);
                System.out.printf(Locale.ROOT, "%10d %9d KB %9.2f KB %11d KB %9.0f us %11d KB %9d KB %9.0f us%n",
                        mark, held >> 10, held / 1024.0 / mark, get >> 10, reads[reads.length / 2] / 1e3,
                        decisions >> 10, Files.size(journal) >> 10, last.get(last.size() / 2) / 1e3);
            }
            long before = usedHeap(memory);
            ConversationRuntime second = registry.create(new ConversationSpec("another", null,
                    ConversationWorkload.policy(strategy)), "benchmark");
            for (Agent a : agents) {
                second.join(a.id(), a.role());
            }
            for (int i = 0; i < posted; i++) {
                second.post(SendMessage.of(ConversationWorkload.message(agents, random).numbered(0, null)));
            }
            System.out.printf(Locale.ROOT, "a second conversation after as many messages (%d) holds %d KB: what each "
                    + "further busy conversation costs%n", posted, (usedHeap(memory) - before) >> 10);
        }
        ConversationWorkload.deleteTree(data);
        System.out.printf(Locale.ROOT, "target: memory flat in the history (a window in memory, pages in the API, the full"
                + " history on disk); load average %s at the end%n", ContractNetBenchmark.loadAverage());
    }

    private static long usedHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
