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
 * {@code *.drl} files of an archived policy from before chapters. Sorted by name.
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
}
