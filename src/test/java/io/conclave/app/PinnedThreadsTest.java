package io.conclave.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The service with {@code conclave.cpu-affinity=on}: its event loops end up on the lower half of the CPUs and the
 * command lane's threads on the upper half, as the kernel reports them ({@code /proc/self/task/TID/status}). Skipped
 * where no split applies (one CPU, no {@code taskset}).
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(PinnedThreadsTest.Pinned.class)
class PinnedThreadsTest {
    /** The application with its threads pinned. */
    public static class Pinned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conclave.cpu-affinity", "on");
        }
    }

    @Inject
    CpuAffinity affinity;

    @Inject
    CommandLane lane;

    @Test
    void theEventLoopsAndTheCommandLaneRunOnCpusOfTheirOwn() throws Exception {
        assumeTrue(affinity.split().isPresent(), "a Linux machine of two CPUs or more, with taskset");
        String loops = list(affinity.split().get().eventLoops());
        String commands = list(affinity.split().get().lane());
        // pinned at the start, by the background thread: every event loop there soon after
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> seen = allowed("vert.x-eventloo"); // the kernel keeps 15 characters of a name
            return !seen.isEmpty() && seen.stream().allMatch(loops::equals);
        });
        // a command runs on a lane thread, which is pinned as it starts
        lane.run("conversation:pinned", () -> "ran").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> seen = allowed("conclave-comman");
            return !seen.isEmpty() && seen.stream().allMatch(commands::equals);
        });
    }

    private static String list(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The CPUs each of this process's threads whose name starts with {@code prefix} may run on. */
    private static List<String> allowed(String prefix) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> read(t.resolve("comm")).strip().startsWith(prefix))
                    .map(t -> read(t.resolve("status")).lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(""))
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // a thread that ended meanwhile
        }
    }
}
