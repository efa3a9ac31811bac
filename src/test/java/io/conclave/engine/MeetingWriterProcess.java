package io.conclave.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;

/**
 * A second process for {@link MeetingStoreTest}: opens the same data folder, says it is ready, waits
 * for the go file, then posts comments to one meeting as one agent.
 * Arguments: data-folder meeting-id agent-id count go-file.
 */
public final class MeetingWriterProcess {
    /**
     * The writer's JVM options: the JIT's first compiler and the serial collector, as the suite's other child JVMs
     * (a writer lives a few seconds, too short for the second compiler or a concurrent collector to pay back their
     * threads on the suite's two cores).
     */
    static final String JIT = "-XX:TieredStopAtLevel=1";
    static final String GC = "-XX:+UseSerialGC";

    private MeetingWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String meeting = args[1];
        String agent = args[2];
        int count = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        try (MeetingRegistry registry = new MeetingRegistry(data, MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.get(meeting);
            Files.writeString(data.resolve("ready-" + agent), "ready");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    System.exit(2); // the test gave up: do not wait forever
                }
                Thread.sleep(5);
            }
            for (int i = 0; i < count; i++) {
                m.post(MeetingStoreTest.comment(agent, agent + " says " + i));
            }
        }
        System.exit(0);
    }
}
