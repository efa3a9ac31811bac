package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.policy.RuleFile;
import io.conclave.journal.RuleFolder;
import io.conclave.engine.policy.PolicyCompiler;

/**
 * The compiler's warm-up on the shipped rules. Its chapter, by hand from the sizes of the shipped folders
 * ({@code cat rules/X/*.drl | wc -c}): rollouts/ holds 4,406 bytes of rules, the least of any chapter (simulation/
 * 8,781, scheduling/ 13,952, the others more; common/ is not a chapter of its own).
 */
public class CompilerWarmUpTest {

    /** (Whole chapters only: the rehearsed edits that follow, with file units, are EditRehearsalTest's.) */
    @Test
    void theSmallestChapterIsCompiled() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        PolicyCompiler compiler = new PolicyCompiler(CompilerWarmUpTest.class.getClassLoader()).wholeChaptersOnly();

        assertEquals("rollouts", compiler.warmUp(shipped, new PolicyCompiler.Ticket()));
    }

    @Test
    void aCancelledWarmUpCompilesNothing() throws IOException {
        PolicyCompiler.Ticket ticket = new PolicyCompiler.Ticket();
        ticket.cancel("a real compile came");
        assertNull(new PolicyCompiler(CompilerWarmUpTest.class.getClassLoader())
                .warmUp(RuleFolder.read(Path.of("rules")), ticket));
    }
}
