package io.conclave.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that started a process through {@link ChildProcesses} and is then sent SIGTERM (what Ctrl-C or a cancelled
 * build does to a test JVM) stops that process on its way out: the child here would otherwise sleep ten minutes.
 */
class ChildProcessesTest {

    @Test
    void aTerminatedJvmStopsTheProcessesItStarted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Starter.class.getName())).redirectErrorStream(true).start();
        long child;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            child = Long.parseLong(out.readLine().trim());
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child runs");
            jvm.destroy(); // SIGTERM
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM ends");
        }
        ProcessHandle h = ProcessHandle.of(child).orElse(null);
        if (h != null) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child was stopped");
    }

    /** Starts a child that sleeps ten minutes, prints its pid, and waits to be terminated. */
    public static final class Starter {
        public static void main(String[] args) throws Exception {
            Process p = ChildProcesses.start(new ProcessBuilder("sleep", "600"));
            System.out.println(p.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
