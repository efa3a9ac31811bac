package io.conclave.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ids that end up in file names (projects, agents, tasks): letters, digits, '_', '-' and '.', starting
 * with a letter or digit, at most 128 characters, never "..". No '/', no control characters.
 */
public final class Ids {
    /** What a valid id is, as a pattern (for readers of the rule; {@link #isValid} checks it without a matcher). */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_LENGTH = 128;

    private Ids() {
    }

    /**
     * Whether {@code id} matches {@link #SAFE} and holds no "..", read a character at a time: a request checks
     * several ids, and a matcher for each was a fair part of what the checks allocated.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !letterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '.') {
                if (id.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (!letterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** An ASCII letter or digit, as {@code [A-Za-z0-9]}. */
    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The reason an id is refused, or null when it is fine. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "is required";
        }
        return isValid(id) ? null
                : "'" + printable(id) + "' is not a valid id: use 1-128 letters, digits, '_', '-' or '.', "
                  + "starting with a letter or digit, without '..'";
    }

    /**
     * {@code id} itself when it is a valid id, otherwise {@code prefix} followed by 24 hex digits of its
     * SHA-256: a stable, safe name for an id built from other ids (which may grow too long).
     */
    public static String orDigest(String id, String prefix) {
        if (isValid(id)) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 140 ? sb.substring(0, 140) + "..." : sb.toString();
    }
}
