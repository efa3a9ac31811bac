package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import io.conclave.model.CommandException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import io.conclave.model.policy.PolicyMessage;

/**
 * At most one policy compile at a time, each bounded in wall time and memory.
 * <ul>
 * <li>A request for the files being compiled already waits for that compile (coalesced); a request for
 * other files while one runs is refused with {@link CommandException.Kind#BUSY} (429, Retry-After).</li>
 * <li>Two kinds of compile nobody asked for yet give way to one that is asked for: the compiler's warm-up, and a
 * compile <em>ahead</em> ({@link #ahead}: the rules watcher's, of a folder just changed, while it waits for the
 * folder to stay quiet). A request for the version compiled ahead joins it, or takes its result once it is done;
 * a request for another version cancels it and starts at once.</li>
 * <li>A compile runs on a thread of its own; the caller waits at most {@link Settings#timeout}. A compile
 * that takes longer, or during which the heap that survived collection exceeds
 * {@link Settings#memoryLimit} of the maximum heap, is refused (422, naming the limit) and abandoned:
 * it is cancelled (its next class lookup throws, see {@link CompilerClassLoader}) and interrupted, and the
 * next compile may start at once. The JVM cannot kill a thread; an abandoned one that does not wind down
 * is counted, and while {@link Settings#maxAbandoned} are alive new compiles are refused with 503.</li>
 * <li>Before a compile starts, the heap is checked against the same limit (503 when above it).</li>
 * <li>Whatever the compile throws (StackOverflowError, OutOfMemoryError, a class-file limit) becomes a
 * refusal of the policy (422), never an exception to the caller.</li>
 * </ul>
 */
public final class CompileGate {
    private static final Logger LOG = Logger.getLogger(CompileGate.class);
    private static final long TICK_MILLIS = 50;

    /**
     * @param timeout      longest wall time of one compile
     * @param memoryLimit  the share of the maximum heap that may be in use, counting what survived
     *                     garbage collection (old generation and survivors), while a compile runs
     * @param maxAbandoned how many abandoned compile threads may still be alive before compiles are refused
     */
    public record Settings(Duration timeout, double memoryLimit, int maxAbandoned) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(60), 0.85, 2);
    }

    /** One compile, given the ticket that cancels it. */
    public interface Work {
        CompileResult run(PolicyCompiler.Ticket ticket);
    }

    /** Who a compile is for: one asked for, the compiler's warm-up, or a compile ahead of its request. */
    private enum Kind {
        ASKED, WARM_UP, AHEAD
    }

    private static final class InFlight {
        final String version;
        final CompletableFuture<CompileResult> result = new CompletableFuture<>();
        final PolicyCompiler.Ticket ticket = new PolicyCompiler.Ticket();
        final long started = System.nanoTime();
        /** Guarded by the gate: a compile ahead becomes one asked for when a request joins it. */
        Kind kind;
        volatile Thread thread;
        volatile boolean abandoned;
        /** Cancelled for a compile that was asked for (guarded by the gate). */
        boolean gaveWay;

        InFlight(String version, Kind kind) {
            this.version = version;
            this.kind = kind;
        }

        /** A warm-up gives way to any compile asked for, a compile ahead to one of another version. */
        boolean givesWayTo(String asked) {
            return kind == Kind.WARM_UP || kind == Kind.AHEAD && !version.equals(asked);
        }
    }

    /**
     * The heap the gate watches: the share of the maximum heap that survived collection, and a way to ask for a
     * collection before refusing (garbage is not a reason to refuse). Tests give their own, so that a heap they
     * say is full does not make the test JVM collect all of its heap (a full, stop-the-world collection: about a
     * second in the test suite's JVM, for every class running beside).
     */
    public interface Heap {
        /** The share of the maximum heap in use, counting what survived collection (0 to 1). */
        double retained();

        /** Asks for a collection and returns when it is done. */
        void collect();

        /** This JVM's heap: {@link CompileGate#retainedHeap()}, and {@link System#gc()}. */
        Heap JVM = new Heap() {
            @Override
            public double retained() {
                return retainedHeap();
            }

            @Override
            public void collect() {
                System.gc();
            }
        };
    }

    private final Settings settings;
    private final Heap heap;
    private final AtomicInteger abandonedAlive = new AtomicInteger();
    private InFlight current;
    /** A compile ahead that ended before anyone asked for its version (guarded by the gate). */
    private InFlight aheadDone;
    private volatile long lastMillis = 2000;

    public CompileGate(Settings settings) {
        this(settings, Heap.JVM);
    }

    /** With {@code heap} the heap watched (tests give their own). */
    public CompileGate(Settings settings, Heap heap) {
        this.settings = settings;
        this.heap = heap;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether no compile is under way: asked for, the warm-up, or one ahead. */
    public synchronized boolean idle() {
        return current == null;
    }

    /** How many abandoned compiles are still running. */
    public int abandonedAlive() {
        return abandonedAlive.get();
    }

    /**
     * Compiles {@code files} (of version {@code version}) with {@code work}, or joins the compile of the
     * same version under way. {@code blame} names the file a refusal for a limit is reported against.
     *
     * @throws CommandException BUSY when another version is being compiled; UNAVAILABLE when the heap is
     *                         above the limit or too many abandoned compiles are still alive
     */
    public CompileResult compile(String version, List<RuleFile> files, String blame, Work work) {
        InFlight mine;
        synchronized (this) {
            InFlight done = aheadDone;
            aheadDone = null;
            if (done != null && done.version.equals(version)) {
                mine = done; // compiled ahead: its result is there, or follows at once
            } else {
                mine = join(version, work);
            }
        }
        return await(mine, files, blame);
    }

    /** The compile of {@code version} under way, or one started now; called under the gate's lock. */
    private InFlight join(String version, Work work) {
        if (current != null && current.givesWayTo(version)) {
            // cancelled at its next class lookup; what it has loaded and the JIT has compiled so far stays to
            // speed this compile
            giveWay(current.kind == Kind.WARM_UP ? "a policy compile came while the compiler warmed up"
                    : "another version was asked for while one compiled ahead");
        }
        if (current != null && !current.abandoned) {
            if (!current.version.equals(version)) {
                long left = Math.max(1, (lastMillis - elapsedMillis(current)) / 1000 + 1);
                throw new CommandException(CommandException.Kind.BUSY, "compiler_busy", "another policy (version "
                        + current.version + ") is being compiled; one compile runs at a time: try again shortly")
                        .retryAfter((int) Math.min(left, settings.timeout().toSeconds()));
            }
            current.kind = Kind.ASKED;
            return current;
        }
        if (abandonedAlive.get() >= settings.maxAbandoned()) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "compiler_unavailable",
                    abandonedAlive.get() + " compiles that exceeded their limits are still winding down (limit "
                            + "conclave.rules.compile-max-abandoned); no new compile starts until one has ended")
                    .retryAfter((int) settings.timeout().toSeconds());
        }
        if (overMemory()) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "compiler_low_memory", String.format(
                    "%.0f%% of the heap is in use, above the %.0f%% a compile may start from (limit "
                            + "conclave.rules.compile-memory-limit)", 100 * heap.retained(),
                    100 * settings.memoryLimit())).retryAfter(5);
        }
        current = start(version, work, Kind.ASKED);
        return current;
    }

    /**
     * Compiles {@code files} (of version {@code version}) ahead of a request for them: the rules watcher's, as soon
     * as a changed folder has settled, while it waits out the rest of its quiet time. The compile is bounded as one
     * asked for (a thread of its own waits for it as a caller would), gives way to a request for another version,
     * and its result, a refusal included, goes to the first request for its version, which joins it while it runs.
     * Nothing is started when a compile asked for is under way, the version is already compiling or compiled ahead,
     * or the limits would refuse a compile.
     *
     * @return whether a compile ahead was started
     */
    public boolean ahead(String version, List<RuleFile> files, Work work) {
        InFlight mine;
        synchronized (this) {
            if (aheadDone != null && aheadDone.version.equals(version)
                    || current != null && (current.version.equals(version) || !current.givesWayTo(version))) {
                return false;
            }
            if (abandonedAlive.get() >= settings.maxAbandoned() || overMemory()) {
                return false;
            }
            if (current != null) {
                giveWay(current.kind == Kind.WARM_UP ? "the rules folder changed while the compiler warmed up"
                        : "the rules folder changed again while it compiled ahead");
            }
            aheadDone = null;
            mine = start(version, work, Kind.AHEAD);
            current = mine;
        }
        // bounded as a compile asked for: a thread of its own waits for it as a caller would, abandoning it past a limit
        Thread waiter = new Thread(() -> await(mine, files, ""), "conclave-policy-ahead");
        waiter.setDaemon(true);
        waiter.start();
        return true;
    }

    /** Cancels the compile under way, which gives way to another; called under the gate's lock. */
    private void giveWay(String why) {
        current.gaveWay = true;
        current.ticket.cancel(why);
        current = null;
    }

    /**
     * Runs {@code work} as a warm-up when no compile is under way: on the compiler's thread, without a caller
     * waiting, not counted in the time a busy answer estimates, and cancelled by the first real compile (which then
     * starts at once). Returns false when a compile was under way or too many abandoned ones are alive.
     */
    public synchronized boolean warmUp(Work work) {
        if (current != null || abandonedAlive.get() >= settings.maxAbandoned()) {
            return false;
        }
        current = start("warm-up", work, Kind.WARM_UP);
        return true;
    }

    private InFlight start(String version, Work work, Kind kind) {
        InFlight f = new InFlight(version, kind);
        // Own thread per compile: one past its limits is abandoned and answered while its thread winds down.
        Thread t = new Thread(() -> {
            CompileResult r;
            try {
                r = work.run(f.ticket);
            } catch (Throwable e) {
                r = new CompileResult(version, List.of(), List.of(new PolicyMessage("ERROR", "", 0, 0,
                        "the policy could not be compiled: " + ChapterCompiler.describe(e))), null);
            }
            // the gate is free before anyone hears the result: a caller may compile again at once
            synchronized (this) {
                if (current == f) {
                    current = null;
                }
                if (f.kind == Kind.AHEAD && !f.gaveWay && !f.abandoned) {
                    aheadDone = f; // its result follows at once (a request that takes it waits for that)
                }
            }
            if (f.abandoned) {
                abandonedAlive.decrementAndGet();
                LOG.infof("an abandoned compile of policy %s has ended after %d ms", version, elapsedMillis(f));
            } else if (kind != Kind.WARM_UP) {
                lastMillis = Math.max(500, elapsedMillis(f));
            }
            f.result.complete(r);
        }, "conclave-policy-compiler");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        f.thread = t;
        t.start();
        return f;
    }

    private CompileResult await(InFlight f, List<RuleFile> files, String blame) {
        while (true) {
            try {
                return f.result.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (elapsedMillis(f) > settings.timeout().toMillis()) {
                    abandon(f, files, blame, "compiling took longer than " + settings.timeout().toSeconds()
                            + " s (limit conclave.rules.compile-timeout)");
                } else if (overMemory()) {
                    abandon(f, files, blame, String.format("the heap in use reached %.0f%% while compiling, above the "
                            + "%.0f%% a compile may use (limit conclave.rules.compile-memory-limit)",
                            100 * heap.retained(), 100 * settings.memoryLimit()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refusal(f.version, files, blame, "the request was interrupted while the policy compiled");
            } catch (ExecutionException e) {
                return refusal(f.version, files, blame, "the policy could not be compiled: " + ChapterCompiler.describe(e.getCause()));
            }
        }
    }

    private void abandon(InFlight f, List<RuleFile> files, String blame, String why) {
        synchronized (this) {
            if (f.abandoned || f.result.isDone()) {
                return;
            }
            f.abandoned = true;
            if (current == f) {
                current = null;
            }
            if (f.kind == Kind.AHEAD && !f.gaveWay) {
                aheadDone = f; // the refusal below goes to the first request for its version
            }
            abandonedAlive.incrementAndGet();
        }
        LOG.errorf("policy %s: %s; the compile is abandoned", f.version, why);
        // the caller's answer first: the worker, once cancelled, completes with a result of its own that must not win
        f.result.complete(refusal(f.version, files, blame, why));
        f.ticket.cancel(why);
        Thread t = f.thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private static CompileResult refusal(String version, List<RuleFile> files, String blame, String why) {
        return new CompileResult(version, files, List.of(new PolicyMessage("ERROR", blame == null ? "" : blame, 0, 0,
                why + "; nothing was changed")), null);
    }

    /** Above the memory limit, after asking for a collection once (garbage is not a reason to refuse). */
    private boolean overMemory() {
        if (heap.retained() < settings.memoryLimit()) {
            return false;
        }
        heap.collect();
        return heap.retained() >= settings.memoryLimit();
    }

    private static long elapsedMillis(InFlight f) {
        return (System.nanoTime() - f.started) / 1_000_000;
    }

    /**
     * The share of the maximum heap held by what survived garbage collection: every heap pool but the
     * young (eden) one. Eden fills and empties all the time; what a runaway compile keeps ends up in the
     * others.
     */
    static double retainedHeap() {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && !p.getName().toLowerCase().contains("eden")) {
                used += p.getUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        return max <= 0 ? 0 : (double) used / max;
    }

    /**
     * True when {@code result} was refused because this machine was busy (the compile ran past its time or its
     * memory), not for what its files say: the same files may compile when tried again.
     */
    static boolean busy(CompileResult result) {
        return !result.ok() && result.messages().stream().anyMatch(m -> m.isError() && m.message() != null
                && (m.message().contains("conclave.rules.compile-timeout")
                        || m.message().contains("conclave.rules.compile-memory-limit")));
    }
}
