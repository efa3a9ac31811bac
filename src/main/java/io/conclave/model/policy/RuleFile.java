package io.conclave.model.policy;

import java.util.regex.Pattern;

/**
 * One DRL file of a policy: its name inside the rules folder and its text. The name is
 * {@code chapter/file.drl} (a chapter is a subfolder of the rules folder); policies archived before the
 * rules were split into chapters have flat names ({@code file.drl}) and are still read for replay.
 */
public record RuleFile(String name, String content) {
    private static final Pattern CHAPTER = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\\.drl");

    /** True for {@code chapter/file.drl} names that are safe to use as paths inside the rules folder. */
    public static boolean isValidName(String name) {
        if (name == null) {
            return false;
        }
        int slash = name.indexOf('/');
        return slash > 0 && isChapterName(name.substring(0, slash)) && isFileName(name.substring(slash + 1));
    }

    /** True for a flat {@code file.drl} name, the layout of policies archived before chapters. */
    public static boolean isLegacyName(String name) {
        return name != null && isFileName(name);
    }

    /** True for a chapter (folder) name: lower case letters, digits and underscores. */
    public static boolean isChapterName(String name) {
        return name != null && CHAPTER.matcher(name).matches();
    }

    private static boolean isFileName(String name) {
        return FILE.matcher(name).matches() && !name.contains("..");
    }

    /** The chapter of this file, or "" for a flat (archived) name. */
    public String chapter() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
