package io.conclave.engine.owner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What snapshots of every kind share: the digest of a state's text. */
public final class Snapshots {
    private Snapshots() {
    }

    /** The SHA-256 of a state's text, in hex. */
    static String digest(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
