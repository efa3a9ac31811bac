package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A JSON path check that {@link JsonPaths} can read is written with it: {@code .body(jsonPath("status", ...))},
 * not REST Assured's {@code .body(jsonPath("status", ...))}, which compiles a Groovy script for every check (a tenth of the test
 * JVM's CPU when the suite used it for all of them). This keeps checks added later on the cheap path; REST Assured's
 * form stays for the paths {@code JsonPaths} refuses ({@code flatten()}, other closures).
 */
class PlainPathChecksTest {
    private static final Pattern REST_ASSURED_CHECK = Pattern.compile("\\.body\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,");

    @Test
    void everyCheckJsonPathsCanReadUsesIt() throws IOException {
        List<String> found = new ArrayList<>();
        int left = 0;
        try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher m = REST_ASSURED_CHECK.matcher(text);
                while (m.find()) {
                    int lineStart = text.lastIndexOf('\n', m.start()) + 1;
                    String before = text.substring(lineStart, m.start()).strip();
                    if (before.startsWith("*") || before.startsWith("//")) {
                        continue; // a comment that shows the form
                    }
                    try {
                        JsonPaths.parse(m.group(1));
                        long line = text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                        found.add(f + ":" + line + " " + m.group(1));
                    } catch (IllegalArgumentException refused) {
                        left++; // a path only REST Assured reads
                    }
                }
            }
        }
        assertEquals(List.of(), found, "write these checks as .body(jsonPath(path, matcher))");
        assertTrue(left > 0, "the scan found REST Assured's own checks (the ones JsonPaths refuses), so it reads the tests");
    }
}
