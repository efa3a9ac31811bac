package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.meeting.MeetingView;

/**
 * Readers of a meeting share it (one reader does not wait for another, a post waits for the readers in it), and a
 * read still first applies what another process wrote to the meeting's folder: a second process posts five comments
 * while this one holds the meeting open without a command, and this one's next read counts them.
 */
public class MeetingReadersTest {

    private static long comments(MeetingView v) {
        return v.messages().stream().filter(m -> m.messageType().equals("comment")).count();
    }

    @Test
    void readersShareAMeetingAndStillSeeWhatAnotherProcessWrote(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        try (MeetingRegistry registry = new MeetingRegistry(data, MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(MeetingStoreTest.spec("shared", "p1", "p2"), "p1");
            m.join("p1");
            m.join("p2");
            m.post(MeetingStoreTest.comment("p1", "first"));
            assertEquals(1L, m.read(MeetingReadersTest::comments));

            SharedReads.readersShareAndACommandWaits(m::read, MeetingReadersTest::comments, 1L,
                    () -> m.post(MeetingStoreTest.comment("p2", "second")));
            assertEquals(2L, m.read(MeetingReadersTest::comments));

            // another process writes five comments; no command runs here meanwhile
            Path go = data.resolve("go");
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    MeetingWriterProcess.JIT, MeetingWriterProcess.GC,
                    "-cp", System.getProperty("java.class.path"), MeetingWriterProcess.class.getName(),
                    data.toString(), "shared", "p2", "5", go.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("p2.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.exists(data.resolve("ready-p2"))) {
                    assertTrue(System.nanoTime() < deadline && writer.isAlive(),
                            "the writer process did not start: " + Files.readString(data.resolve("p2.log")));
                    Thread.sleep(50);
                }
                Files.writeString(go, "go");
                assertTrue(writer.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, writer.exitValue(), Files.readString(data.resolve("p2.log")));
            } finally {
                writer.destroyForcibly();
            }
            // 2 written here + 5 by the other process, seen by a plain read
            assertEquals(7L, m.read(MeetingReadersTest::comments));
        }
    }
}
