package io.conclave.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.conclave.journal.RuleFile;

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
        if (!Files.isDirectory(dir)) {
            return files;
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(dir)) {
            top = s.sorted().toList();
        }
        for (Path p : top) {
            String name = p.getFileName().toString();
            if (Files.isRegularFile(p) && RuleFile.isLegacyName(name)) {
                files.add(new RuleFile(name, Files.readString(p)));
            } else if (Files.isDirectory(p) && RuleFile.isChapterName(name)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                        String rel = name + "/" + f.getFileName();
                        if (RuleFile.isValidName(rel)) {
                            files.add(new RuleFile(rel, Files.readString(f)));
                        }
                    }
                }
            }
        }
        files.sort(Comparator.comparing(RuleFile::name));
        return files;
    }

    /**
     * Makes {@code dir} hold exactly {@code files}: each changed or new file written atomically, files of names
     * no longer used deleted, chapter folders left empty removed. A reader sees each file whole, old or new.
     */
    public static void writeExactly(Path dir, List<RuleFile> files) throws IOException {
        java.util.Map<String, RuleFile> target = new java.util.LinkedHashMap<>();
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
