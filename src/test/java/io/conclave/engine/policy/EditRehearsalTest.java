package io.conclave.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.journal.RuleFolder;
import io.conclave.model.policy.RuleFile;

/**
 * The edit the compiler's warm-up rehearses after its small chapter. Where, by hand from the shipped folders
 * ({@code cat rules/X/*.drl | wc -c}): assignment/ holds 69,280 bytes of rules, more than coordination/ (48,834) and
 * execution/ (47,722); the edit goes into its largest file that has a rule, before the file's last {@code end}.
 */
class EditRehearsalTest {

    @Test
    void theLastRuleOfTheLargestChaptersLargestFileGetsACommentLine() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        EditRehearsal.Edit edit = EditRehearsal.of(shipped);

        assertEquals("assignment", edit.chapter());
        List<RuleFile> changed = edit.files().stream().filter(f -> !shipped.contains(f)).toList();
        assertEquals(1, changed.size(), "one file changed");
        RuleFile before = shipped.stream().filter(f -> f.name().equals(changed.get(0).name())).findFirst().orElseThrow();
        assertEquals(shipped.stream().filter(f -> f.chapter().equals("assignment") && f.content().contains("\nrule "))
                .mapToInt(f -> f.content().length()).max().orElseThrow(), before.content().length(), "the largest");
        int end = EditRehearsal.lastEnd(before.content());
        assertEquals("end", before.content().substring(end, end + 3));
        assertEquals(before.content().substring(0, end) + "    // rehearsed by the compiler's warm-up\n"
                + before.content().substring(end), changed.get(0).content());
    }

    /**
     * The warm-up compiles the rehearsed edit and then drops its chapter from the compiler's cache: the same edit still
     * has assignment/ to compile afterwards. Were it kept, {@code toCompile} would list nothing (every other chapter
     * is the build's).
     */
    @Test
    void theWarmUpKeepsNothingOfTheRehearsal() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        PolicyCompiler compiler = new PolicyCompiler(EditRehearsalTest.class.getClassLoader());

        assertEquals("rollouts", compiler.warmUp(shipped, new PolicyCompiler.Ticket()));
        assertEquals(List.of("assignment"), compiler.toCompile(EditRehearsal.of(shipped).files()));
    }

    @Test
    void nothingToRehearseWithoutARule() {
        assertNull(EditRehearsal.of(List.of(new RuleFile("common/f.drl", "package conclave.common;\n"),
                new RuleFile("tiny/only.drl", "package conclave.tiny;\nfunction int one() { return 1; }\n"))));
        assertEquals(-1, EditRehearsal.lastEnd("rule \"r\" when then endless"));
    }
}
