package io.conclave.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.conclave.engine.RuleFile;

/** Reads the {@code *.drl} files of a folder, sorted by name. */
public final class RuleFolder {
    private RuleFolder() {
    }

    public static List<RuleFile> read(Path dir) throws IOException {
        List<RuleFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> RuleFile.isValidName(p.getFileName().toString()))
                    .filter(Files::isRegularFile).sorted().toList()) {
                files.add(new RuleFile(p.getFileName().toString(), Files.readString(p)));
            }
        }
        return files;
    }
}
