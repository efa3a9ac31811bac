package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a force is worth letting another command run meanwhile: learned from the forces made, so a machine whose
 * forces take microseconds never pays for a hand-over, and one whose forces take a millisecond does (when other
 * commands wait for a thread). Each test has an average of its own: the process's is moved by every journal's force
 * of the tests running beside these.
 */
class DiskForcesTest {
    @Test
    void slowOnceTheLatestForcesTookLongAndFastAgainOnceTheyDoNot() {
        DiskForces.Average forces = new DiskForces.Average();
        for (int i = 0; i < 50; i++) {
            forces.observed(5_000); // tmpfs: a few microseconds
        }
        assertFalse(forces.slow(), "forces of 5 us are made directly");
        // the average moves an eighth of the way at each force: from 5 us, eight forces of 1 ms bring it to
        // 1000 - 995 * (7/8)^8 = about 658 us, over the 100 us line
        for (int i = 0; i < 8; i++) {
            forces.observed(1_000_000);
        }
        assertTrue(forces.slow(), "forces of 1 ms are waited for as managed blocks");
        // one fast force among slow ones does not switch back: 658 + (5 - 658) / 8 = 576 us
        forces.observed(5_000);
        assertTrue(forces.slow());
        // from 576 us, fast forces bring it under 100 us once 5 + (576 - 5) * (7/8)^n < 100: n = 14 (13 leave 105 us)
        for (int i = 0; i < 14; i++) {
            forces.observed(5_000);
        }
        assertFalse(forces.slow(), "fast again after the disk became fast");
    }

    @Test
    void aForceKeepsWhatWasWrittenAndSaysHowLongItTook(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertTrue(DiskForces.force(ch, false) > 0);
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }
}
