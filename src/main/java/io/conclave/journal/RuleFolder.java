package io.conclave.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.conclave.model.policy.RuleFile;

/**
 * Reads the rule files of a folder: {@code chapter/file.drl} in its subfolders, and the flat
 * {@code *.drl} files of an archived policy from before chapters. Sorted by name. Writes a folder to hold
 * exactly a version's files (an activation of an archived version).
 */
public final class RuleFolder {
    private RuleFolder() {
    }

    public static List<RuleFile> read(Path dir) throws IOException {
        List<RuleFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> f : list(dir).entrySet()) {
            files.add(new RuleFile(f.getKey(), Files.readString(f.getValue())));
        }
        return files;
    }

    /**
     * What the folder's files look like from outside, without reading them: each file's name, size and time of
     * its last change, one line each. Equal stamps mean the folder holds the files it held (a write changes the
     * time, to the nanosecond on the file systems a service runs on), so a reader can keep what it computed from
     * them, as the rules page keeps the folder's version instead of reading and hashing every file for each call.
     */
    public static String stamp(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Path> f : list(dir).entrySet()) {
            BasicFileAttributes a = Files.readAttributes(f.getValue(),
                    BasicFileAttributes.class);
            b.append(f.getKey()).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toInstant())
                    .append('\n');
        }
        return b.toString();
    }

    /** The rule files of {@code dir} by name, sorted. */
    private static SortedMap<String, Path> list(Path dir) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(dir)) {
            top = s.toList();
        }
        for (Path p : top) {
            String name = p.getFileName().toString();
            if (Files.isRegularFile(p) && RuleFile.isLegacyName(name)) {
                files.put(name, p);
            } else if (Files.isDirectory(p) && RuleFile.isChapterName(name)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        String rel = name + "/" + f.getFileName();
                        if (RuleFile.isValidName(rel)) {
                            files.put(rel, f);
                        }
                    }
                }
            }
        }
        return files;
    }

    /**
     * Makes {@code dir} hold exactly {@code files}: each changed or new file written atomically, files of names
     * no longer used deleted, chapter folders left empty removed. A reader sees each file whole, old or new.
     */
    public static void writeExactly(Path dir, List<RuleFile> files) throws IOException {
        Map<String, RuleFile> target = new LinkedHashMap<>();
        files.forEach(f -> target.put(f.name(), f));
        for (RuleFile old : read(dir)) {
            if (!target.containsKey(old.name())) {
                Path gone = dir.resolve(old.name());
                Files.deleteIfExists(gone);
                try (Stream<Path> left = Files.list(gone.getParent())) {
                    if (!gone.getParent().equals(dir) && left.findAny().isEmpty()) {
                        Files.deleteIfExists(gone.getParent());
                    }
                }
            } else if (old.content().equals(target.get(old.name()).content())) {
                target.remove(old.name());
            }
        }
        for (RuleFile f : target.values()) {
            AtomicFiles.write(dir.resolve(f.name()), f.content());
        }
    }
}
