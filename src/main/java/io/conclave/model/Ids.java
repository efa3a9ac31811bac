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
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && SAFE.matcher(id).matches() && !id.contains("..");
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
