package io.conclave.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of a journal. Every entry written since journals have been chained carries {@code prev}, the SHA-256
 * of the line of the entry before it (as stored, without its newline), and {@code policy_hash}, the SHA-256 of the
 * rule files of the policy version it ran under ({@link RuleFile#digest}); the first entry of a journal has
 * {@link #GENESIS} as its {@code prev}. Both are inside the line, so they are covered by the hash the next entry
 * records: an entry changed, removed or moved breaks the link after it. An entry written before the chain (an older
 * journal) has neither; the first chained entry after it records its hash all the same.
 */
public final class Chain {
    /** What the first entry of a journal records as the hash before it: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private Chain() {
    }

    /** The hash of a journal line (without its newline): SHA-256 of its UTF-8 bytes, in lower-case hex. */
    public static String hash(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return hash(bytes, 0, bytes.length);
    }

    /**
     * The hash of the bytes {@code from} to {@code to} (exclusive) of {@code bytes}: a line as it is written, without
     * encoding it again.
     */
    public static String hash(byte[] bytes, int from, int to) {
        MessageDigest sha = sha256();
        sha.update(bytes, from, to - from);
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
