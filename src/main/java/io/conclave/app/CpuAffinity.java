package io.conclave.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Keeps the command lane's threads on cores of their own, apart from the event loops that read requests and write
 * answers. A decision's rules walk a conversation's session, which a core's caches hold only if nothing else ran on
 * that core since the conversation's last command; on two cores, every command ran where an event loop, the kernel's
 * network and the agents' own processes had just been, and paid for it: pinned, with the agents' load kept off the
 * lane's core, a decision took about a quarter less of the server's CPU in three runs of four (docs/benchmarks.md,
 * "the twenty-seventh session"). With another busy process free to run on the lane's core it took more than unpinned:
 * the lane's threads cannot move away from it. So it is asked for, not the default.
 *
 * <p>How: a thread is pinned by Linux's {@code taskset} on its thread id, which a thread reads from
 * {@code /proc/thread-self}; the calls are made by one background thread, so that no lane thread or event loop waits
 * for a process to start. Java has no call of its own for it, and a native library for one system call is not worth
 * its weight (nor its native-image configuration).
 *
 * <p>When ({@code conclave.cpu-affinity}): {@code off}, the default, never; {@code on} pins on Linux when the process
 * may run on as many CPUs as the JVM counts, at least two (a container whose CPUs are a quota over a larger set is
 * left alone: pinning there would crowd threads onto CPUs its neighbours use), and {@code taskset} is there; else it
 * says why not, once, at the start. The split: the lane gets the upper half of the allowed CPUs (rounded up), the
 * event loops the lower half. Everything else (the request workers that serve reads, the collector, the compiler) may
 * run anywhere.
 */
@ApplicationScoped
public class CpuAffinity {
    private static final Logger LOG = Logger.getLogger(CpuAffinity.class);

    /** Which CPUs each kind of thread is kept on. */
    public record Split(List<Integer> lane, List<Integer> eventLoops) {
        /** {@code taskset}'s list form: "1" or "2,3". */
        static String list(List<Integer> cpus) {
            return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    /** A thread to pin, by its id in the kernel, to a list of CPUs. */
    private record Pin(String thread, String tid, String cpus) {
    }

    private final Optional<Split> split;
    private final LinkedBlockingQueue<Pin> pins = new LinkedBlockingQueue<>();
    private volatile boolean failed;
    private Thread pinner;

    @Inject
    public CpuAffinity(ConclaveConfig config) {
        this(config.cpuAffinity());
    }

    CpuAffinity(String mode) {
        this.split = switch (mode.toLowerCase(Locale.ROOT)) {
            case "off" -> Optional.empty();
            case "on" -> decide();
            default -> throw new IllegalArgumentException(
                    "conclave.cpu-affinity must be on or off, not '" + mode + "'");
        };
        split.ifPresent(s -> {
            LOG.infof("the command lane on CPU %s, the event loops on CPU %s (conclave.cpu-affinity)",
                    Split.list(s.lane()), Split.list(s.eventLoops()));
            pinner = new Thread(this::pinAsAsked, "conclave-cpu-affinity");
            pinner.setDaemon(true);
            pinner.start();
        });
    }

    @PreDestroy
    void stop() {
        if (pinner != null) {
            pinner.interrupt();
        }
    }

    /** At the start: every event loop of the service's Vert.x, kept on the event loops' CPUs. */
    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (split.isPresent()) {
            for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
                loop.execute(this::pinEventLoop);
            }
        }
    }

    /** The split in force, if any. */
    public Optional<Split> split() {
        return split;
    }

    /** Keeps the calling thread, one of the command lane's, on the lane's CPUs (soon after: the call returns at once). */
    public void pinLaneThread() {
        split.ifPresent(s -> pin(s.lane()));
    }

    /** Keeps the calling thread, an event loop, on the event loops' CPUs (soon after: the call returns at once). */
    public void pinEventLoop() {
        split.ifPresent(s -> pin(s.eventLoops()));
    }

    private void pin(List<Integer> cpus) {
        if (failed) {
            return;
        }
        try {
            // "<pid>/task/<tid>"
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            String tid = self.substring(self.lastIndexOf('/') + 1);
            pins.add(new Pin(Thread.currentThread().getName(), tid, Split.list(cpus)));
        } catch (IOException | UnsupportedOperationException e) {
            giveUp("cannot read /proc/thread-self: " + e.getMessage());
        }
    }

    private void pinAsAsked() {
        while (!failed) {
            Pin p;
            try {
                p = pins.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Process taskset = new ProcessBuilder("taskset", "-p", "-c", p.cpus(), p.tid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!taskset.waitFor(10, TimeUnit.SECONDS)) {
                    taskset.destroyForcibly();
                    giveUp("taskset did not answer within 10 s");
                } else if (taskset.exitValue() != 0) {
                    giveUp("taskset -p -c " + p.cpus() + " " + p.tid() + " (" + p.thread() + ") exited with "
                            + taskset.exitValue());
                } else {
                    LOG.debugf("%s (thread %s) kept on CPU %s", p.thread(), p.tid(), p.cpus());
                }
            } catch (IOException e) {
                giveUp("cannot run taskset: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops pinning (threads pinned so far stay so); said once. */
    private void giveUp(String why) {
        if (!failed) {
            failed = true;
            LOG.warnf("threads are no longer kept on their CPUs: %s", why);
        }
    }

    /** Whether this machine allows a split, and which: see the class's comment. */
    private static Optional<Split> decide() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return unpinned("not Linux");
        }
        List<Integer> allowed;
        try {
            allowed = allowedCpus(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return unpinned("cannot read the CPUs allowed from /proc/self/status: " + e.getMessage());
        }
        if (!onPath("taskset")) {
            return unpinned("no taskset on the PATH (util-linux)");
        }
        int counted = Runtime.getRuntime().availableProcessors();
        Optional<Split> s = plan(allowed, counted);
        return s.isPresent() ? s : unpinned("the process may run on " + allowed.size() + " CPUs and the JVM counts "
                + counted + ": a split needs at least two, the same in both counts");
    }

    private static Optional<Split> unpinned(String why) {
        LOG.warnf("conclave.cpu-affinity=on, but threads run on any CPU: %s", why);
        return Optional.empty();
    }

    /**
     * The split for a process allowed on {@code allowed} CPUs that the JVM counts as {@code counted}: none unless they
     * agree and are at least two; else the lane on the upper half (rounded up), the event loops on the lower.
     */
    static Optional<Split> plan(List<Integer> allowed, int counted) {
        if (allowed.size() < 2 || allowed.size() != counted) {
            return Optional.empty();
        }
        int loops = allowed.size() / 2;
        return Optional.of(new Split(List.copyOf(allowed.subList(loops, allowed.size())),
                List.copyOf(allowed.subList(0, loops))));
    }

    /** The CPUs of {@code /proc/self/status}'s {@code Cpus_allowed_list} line ("0-3,8,10-11"), in order. */
    static List<Integer> allowedCpus(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Cpus_allowed_list:")) {
                List<Integer> cpus = new ArrayList<>();
                for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                    int dash = part.indexOf('-');
                    int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                    int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                    for (int c = from; c <= to; c++) {
                        cpus.add(c);
                    }
                }
                return cpus;
            }
        }
        return List.of();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
