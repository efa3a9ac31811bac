package io.conclave.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build step's reuse of a chapter built before: kept when neither its rules nor the fact classes changed, built
 * again when the fact classes did. The generated code calls the facts' getters and carries the property indexes of
 * property reactivity, so a chapter kept across a change of a fact class would run stale code. The "fact classes"
 * here are a stand-in file under {@code io/conclave/model} of the classes folder: the build hashes that folder's
 * class files, and compiles the rules against the class path, which holds the real ones.
 */
public class PolicyBuildTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);
    private static final String RULE = """
            package conclave.scheduling;

            import io.conclave.model.*;

            rule "A pending task is noticed"
            when
                Task( status == TaskStatus.PENDING )
            then
            end
            """;

    @Test
    void aChapterIsBuiltAgainWhenTheFactClassesChangeAndKeptWhenNothingDid(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("scheduling"));
        Files.writeString(rules.resolve("scheduling/demo.drl"), RULE);
        Path classes = dir.resolve("classes");
        Path fact = classes.resolve("io/conclave/model/Stand.class");
        Files.createDirectories(fact.getParent());
        Files.write(fact, new byte[] {1, 2, 3});

        assertTrue(PolicyBuild.build(rules, classes), "the first build");
        List<Path> generated = generated(classes);
        assertTrue(!generated.isEmpty(), "the chapter's classes are written");
        String facts = PolicyBuild.factsHash(classes);
        for (Path p : generated) {
            Files.setLastModifiedTime(p, LONG_AGO);
        }

        assertTrue(PolicyBuild.build(rules, classes), "the build with nothing changed");
        assertEquals(LONG_AGO, Files.getLastModifiedTime(generated.get(0)), "kept: not written again");

        Files.write(fact, new byte[] {1, 2, 4});
        assertNotEquals(facts, PolicyBuild.factsHash(classes), "a changed fact class changes the hash");
        assertTrue(PolicyBuild.build(rules, classes), "the build after the fact class changed");
        assertNotEquals(LONG_AGO, Files.getLastModifiedTime(generated(classes).get(0)), "built again: written anew");
    }

    private static List<Path> generated(Path classes) throws Exception {
        try (Stream<Path> s = Files.walk(classes.resolve("conclave/scheduling"))) {
            return s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }
}
