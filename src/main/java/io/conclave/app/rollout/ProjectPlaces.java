package io.conclave.app.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a project stands in the fleet for a roll-out to a share of it: a place in [0, 1) from a stable hash of its
 * id (the first 8 bytes of the SHA-256 of the id in UTF-8, read as an unsigned number, to 53 bits, over 2^64). A
 * roll-out to share s takes the projects whose place is below s: the same projects every time, whatever else the
 * service holds, on every node and after every restart; a larger share takes those and more, and a project created
 * during a roll-out falls in or out of it by the same measure.
 */
final class ProjectPlaces {
    private ProjectPlaces() {
    }

    /** The project's place in [0, 1). */
    static double place(String projectId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(projectId.getBytes(StandardCharsets.UTF_8));
            long first = ByteBuffer.wrap(hash, 0, 8).getLong();
            return (first >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** True when the project falls within a roll-out to {@code share} of the projects. */
    static boolean within(String projectId, double share) {
        return place(projectId) < share;
    }
}
