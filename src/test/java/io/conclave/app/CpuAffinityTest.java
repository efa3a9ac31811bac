package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Keeping the command lane's threads and the event loops on CPUs of their own: which split a machine gets, and that a
 * lane thread really ends up on the lane's CPUs (read back from the kernel, {@code /proc/self/task/TID/status}).
 */
class CpuAffinityTest {

    @Test
    void theLaneTakesTheUpperHalfRoundedUpAndTheEventLoopsTheLower() {
        assertEquals(Optional.of(new CpuAffinity.Split(List.of(1), List.of(0))), CpuAffinity.plan(List.of(0, 1), 2));
        assertEquals(Optional.of(new CpuAffinity.Split(List.of(5, 6), List.of(4))),
                CpuAffinity.plan(List.of(4, 5, 6), 3), "three CPUs: two for the lane, whose rules are most of the work");
        assertEquals(Optional.of(new CpuAffinity.Split(List.of(2, 3), List.of(0, 1))),
                CpuAffinity.plan(List.of(0, 1, 2, 3), 4));
    }

    @Test
    void noSplitOnOneCpuOrWhenTheJvmCountsFewerThanTheProcessMayUse() {
        assertEquals(Optional.empty(), CpuAffinity.plan(List.of(0), 1), "nothing to split");
        // a container limited by a quota: the JVM counts 2, the process may run on all 16 of the host's CPUs, which
        // its neighbours use too
        assertEquals(Optional.empty(), CpuAffinity.plan(java.util.stream.IntStream.range(0, 16).boxed().toList(), 2));
    }

    @Test
    void theAllowedCpusAreReadFromTheStatusList() {
        assertEquals(List.of(0, 1, 2, 3, 8, 10, 11),
                CpuAffinity.allowedCpus(List.of("Name:\tjava", "Cpus_allowed:\tf0f", "Cpus_allowed_list:\t0-3,8,10-11")));
        assertEquals(List.of(), CpuAffinity.allowedCpus(List.of("Name:\tjava")));
    }

    @Test
    void onlyOnOrOff() {
        assertThrows(IllegalArgumentException.class, () -> new CpuAffinity("auto"));
        assertEquals(Optional.empty(), new CpuAffinity("off").split());
    }

    @Test
    void aLaneThreadEndsUpOnTheLanesCpus() throws Exception {
        CpuAffinity affinity = new CpuAffinity("on");
        assumeTrue(affinity.split().isPresent(), "a Linux machine of two CPUs or more, with taskset");
        String lane = String.join(",", affinity.split().get().lane().stream().map(String::valueOf).toList());
        CommandLane commands = new CommandLane(2, affinity);
        try {
            String tid = commands.run("conversation:c1", CpuAffinityTest::threadId).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            Path status = Path.of("/proc/self/task", tid, "status");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowedList(status).equals(lane));
            // a thread the lane did not start is left where it was
            assertTrue(CpuAffinity.allowedCpus(Files.readAllLines(Path.of("/proc/self/task", threadId(), "status")))
                    .size() >= 2);
        } finally {
            commands.stop();
        }
    }

    private static String threadId() {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return self.substring(self.lastIndexOf('/') + 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String allowedList(Path status) throws java.io.IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
    }
}
