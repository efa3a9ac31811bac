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

    /**
     * The SHA-256 of a policy's files, in hex: each file's name, a zero byte, its text, a zero byte, the files in
     * the order of their names. Its first 12 digits are the policy's version; the whole of it is what every journal
     * entry records of the version it ran under ({@code policy_hash}), so the files can be checked against it.
     */
    public static String digest(java.util.Collection<RuleFile> files) {
        return DIGESTS.get(files.stream().sorted(java.util.Comparator.comparing(RuleFile::name)).toList(), RuleFile::sha256);
    }

    /**
     * Digests of the sets of files asked about last: one compile asks for the same ones several times (the version,
     * each chapter's unit, the built chapter it may match), and an edit again for every chapter it left alone.
     */
    private static final Recent<java.util.List<RuleFile>, String> DIGESTS = new Recent<>(32);

    private static String sha256(java.util.List<RuleFile> sorted) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        sorted.forEach(f -> {
            sha.update(f.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(f.content().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
        });
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** The chapter of this file, or "" for a flat (archived) name. */
    public String chapter() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
