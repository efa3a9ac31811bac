package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.policy.RuleFile;

/**
 * The archive keeps each version's files; a file whose bytes the last active version archived already is a second
 * link to that file, so an edit of one file adds one file: each version still reads back whole, and dropping the
 * version it shares files with takes nothing from it.
 */
public class PolicyArchiveTest {
    private static final RuleFile TASKS = new RuleFile("workflow/tasks.drl", "package conclave.workflow;\n// tasks\n");
    private static final RuleFile REPORTS = new RuleFile("workflow/reports.drl", "package conclave.workflow;\n// reports\n");
    private static final RuleFile TURNS = new RuleFile("conversations/turns.drl", "package conclave.conversations;\n");

    @Test
    void aVersionSharesTheLastActiveVersionsUnchangedFilesAndReadsBackWhole(@TempDir Path root) throws Exception {
        PolicyArchive archive = new PolicyArchive(root);
        archive.saveActive("a1", List.of(TASKS, REPORTS, TURNS));
        RuleFile edited = new RuleFile("workflow/reports.drl", REPORTS.content() + "// edited\n");
        RuleFile added = new RuleFile("workflow/more.drl", "package conclave.workflow;\n");
        archive.saveActive("b2", List.of(TASKS, edited, TURNS, added));

        assertTrue(Files.isSameFile(root.resolve("a1/workflow/tasks.drl"), root.resolve("b2/workflow/tasks.drl")));
        assertTrue(Files.isSameFile(root.resolve("a1/conversations/turns.drl"), root.resolve("b2/conversations/turns.drl")));
        assertFalse(Files.isSameFile(root.resolve("a1/workflow/reports.drl"), root.resolve("b2/workflow/reports.drl")));
        assertEquals(List.of(TURNS, added, edited, TASKS), archive.load("b2").orElseThrow());
        assertEquals(List.of(TURNS, REPORTS, TASKS), archive.load("a1").orElseThrow());

        // a candidate links to the last active version too; dropping a version leaves the others whole
        archive.save("c3", List.of(TASKS, REPORTS));
        assertFalse(Files.isSameFile(root.resolve("a1/workflow/reports.drl"), root.resolve("c3/workflow/reports.drl")),
                "the last active version is b2, which holds another reports.drl");
        assertTrue(Files.isSameFile(root.resolve("b2/workflow/tasks.drl"), root.resolve("c3/workflow/tasks.drl")));
        archive.remove("a1");
        archive.remove("b2");
        assertEquals(List.of(REPORTS, TASKS), archive.load("c3").orElseThrow());
        assertEquals(List.of("c3"), archive.versions());
    }

    @Test
    void theFirstVersionIsWrittenWhole(@TempDir Path root) throws Exception {
        PolicyArchive archive = new PolicyArchive(root);
        archive.save("a1", List.of(TASKS));
        archive.save("b2", List.of(TASKS));
        assertFalse(Files.isSameFile(root.resolve("a1/workflow/tasks.drl"), root.resolve("b2/workflow/tasks.drl")),
                "no version was active to share with");
        assertEquals(List.of(TASKS), archive.load("b2").orElseThrow());
    }
}
