package io.conclave.cluster;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long-running processes a test starts (a service node, a Kafka broker) end with the test's JVM. A build stopped
 * with Ctrl-C, or a test JVM sent SIGTERM, runs its shutdown hooks, and this one stops every such process still
 * running and what it started; without it the nodes and broker of a cluster test stopped halfway kept running, and
 * took a tenth of the machine from every later build and benchmark. (A JVM killed with SIGKILL runs no hook.)
 */
final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "stop-child-processes"));
    }

    private ChildProcesses() {
    }

    /** Starts the process and stops it, if it still runs, when this JVM ends. */
    static Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        RUNNING.add(p);
        p.onExit().thenRun(() -> RUNNING.remove(p));
        return p;
    }
}
