package io.conclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main source file over 500 lines: a class that grows past it holds more than one responsibility and is split
 * into parts named for what they do (as the journaled runtime and the project runtime were). Every file counts;
 * there is no list of exceptions.
 */
class SourceSizeTest {
    /** The most lines a main source file may have. */
    static final int LIMIT = 500;

    @Test
    void noMainSourceFileIsOver500Lines() {
        Path main = Path.of("src", "main", "java");
        assertTrue(Files.isDirectory(main), "run from the project's folder: " + main.toAbsolutePath());
        List<String> over = over(main, LIMIT);
        assertTrue(over.isEmpty(), "over " + LIMIT + " lines (split them by responsibility): " + over);
    }

    /**
     * The check catches what it forbids: of a file of 501 lines and one of exactly 500, beside each other in a
     * folder of its own, it names the first only, with its count.
     */
    @Test
    void aPlantedLongFileFails(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("io/conclave/planted"));
        Files.write(dir.resolve("io/conclave/planted/Long.java"), lines(501));
        Files.write(dir.resolve("io/conclave/planted/Full.java"), lines(500));
        assertEquals(List.of(Path.of("io", "conclave", "planted", "Long.java") + " (501)"), over(dir, LIMIT));
    }

    /** The .java files under {@code root} with more than {@code limit} lines, each as "path (lines)", sorted. */
    static List<String> over(Path root, int limit) {
        record Counted(Path path, long lines) {
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted()
                    .map(f -> new Counted(root.relativize(f), count(f)))
                    .filter(c -> c.lines() > limit).map(c -> c.path() + " (" + c.lines() + ")").toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(int n) {
        return Stream.generate(() -> "// a line").limit(n).toList();
    }
}
