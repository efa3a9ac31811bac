package io.conclave.engine;

import java.util.regex.Pattern;

/** One DRL file of a policy: its file name (no folders) and its text. */
public record RuleFile(String name, String content) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\\.drl");

    /** True for names that are safe to use as a file name in the rules folder. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }
}
