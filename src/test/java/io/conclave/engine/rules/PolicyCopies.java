package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.conclave.engine.policy.Policy;
import io.conclave.engine.RulesFixture;

/** Variants of the shipped policy: the real {@code rules/*.drl} copied into a folder, then changed. */
public final class PolicyCopies {
    private PolicyCopies() {
    }

    /** Copies every {@code rules/<chapter>/*.drl} into {@code dir}, chapters kept. */
    public static Path copyShippedRules(Path dir) {
        Path rules = Path.of("rules");
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl")).toList()) {
                Path target = dir.resolve(rules.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces one exact piece of text in a copied rule file; fails if the text is not there exactly once. */
    public static void edit(Path dir, String file, String from, String to) {
        try {
            Path p = dir.resolve(file);
            String text = Files.readString(p);
            int at = text.indexOf(from);
            assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0,
                    "expected exactly one occurrence of <" + from + "> in " + file);
            Files.writeString(p, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a rule file next to the copied ones. */
    public static void add(Path dir, String file, String drl) {
        try {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, drl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Policy compile(Path dir) {
        return RulesFixture.compile(dir);
    }
}
