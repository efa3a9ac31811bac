package io.conclave.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;

import javax.management.JMException;
import javax.management.ObjectName;

import org.jboss.logging.Logger;

/**
 * The end of the launcher's class-cache recording (docs/operations.md#start-up). On a JDK that has the AOT cache
 * (25 and later), the first {@code serve} runs with {@code -XX:AOTCacheOutput} and names the file in
 * {@code conclave.aot-recording}; once the start is over, the service ends the recording itself (the JDK's
 * {@code AOT.end_recording} diagnostic command), so the cache holds what a start loads and no more, and the JDK
 * writes it while the service runs, not when it stops. Ended at the exit instead, the cache held whatever the
 * first run happened to do (the rule compiler's classes after an edit, 30 MB more), every later start mapped and
 * linked all of it, and a stop took 10-15 s that a container's grace period could cut short.
 */
final class ClassCacheRecording {
    private static final Logger LOG = Logger.getLogger(ClassCacheRecording.class);
    private ClassCacheRecording() {
    }

    /**
     * Ends the recording when this start records one; returns once the JDK wrote the cache (a child JVM assembles
     * it: seconds), so call it off the start's path. Nothing happens when {@code recording} is empty.
     */
    static void endIfRecording(Optional<Path> recording) {
        if (recording.isEmpty()) {
            return;
        }
        Path file = recording.get();
        long t0 = System.nanoTime();
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "aotEndRecording", new Object[0],
                    new String[0]);
            LOG.infof("the class cache for later starts is written: %s in %d ms (%s)", file,
                    (System.nanoTime() - t0) / 1_000_000, String.valueOf(answer).strip());
        } catch (JMException | RuntimeException e) {
            LOG.warnf("could not end the class cache's recording (%s); the JDK writes it when the service stops",
                    e.getMessage());
        }
    }
}
