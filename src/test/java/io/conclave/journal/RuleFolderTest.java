package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.conclave.model.policy.RuleFile;

/**
 * The folder's stamp, which lets the rules page keep the folder's version between calls: the same files give the
 * same stamp, and any write, addition or removal of a rule file gives another. Files the folder does not read as
 * rules (a note, a chapter of an invalid name) do not count.
 */
class RuleFolderTest {

    @Test
    void theStampChangesWithEveryChangeOfARuleFileAndOnlyThen(@TempDir Path dir) throws Exception {
        Path rule = dir.resolve("workflow/a.drl");
        Files.createDirectories(rule.getParent());
        Files.writeString(rule, "package conclave.workflow;\n");
        Files.setLastModifiedTime(rule, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        String first = RuleFolder.stamp(dir);
        assertEquals(first, RuleFolder.stamp(dir), "nothing changed");
        assertEquals(List.of("workflow/a.drl"), RuleFolder.read(dir).stream().map(RuleFile::name).toList());

        Files.writeString(dir.resolve("workflow/notes.txt"), "not a rule file");
        assertEquals(first, RuleFolder.stamp(dir), "a file that is not a rule file");

        // the same size, another time: a rewrite in place that kept the length
        Files.writeString(rule, "package conclave.workflaw;\n");
        Files.setLastModifiedTime(rule, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
        String rewritten = RuleFolder.stamp(dir);
        assertNotEquals(first, rewritten);

        Files.writeString(dir.resolve("workflow/b.drl"), "package conclave.workflow;\n");
        String added = RuleFolder.stamp(dir);
        assertNotEquals(rewritten, added);

        Files.delete(dir.resolve("workflow/b.drl"));
        assertEquals(rewritten, RuleFolder.stamp(dir), "back to the files it held");
    }
}
