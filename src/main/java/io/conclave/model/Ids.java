package io.conclave.model;

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

    private static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 140 ? sb.substring(0, 140) + "..." : sb.toString();
    }
}
