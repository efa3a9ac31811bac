package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.policy.RuleFile;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.engine.policy.PrebuiltPolicy;

/**
 * Where a refused rule file's errors are: line and column counted from 1, as an editor shows them. The positions
 * below are counted by hand in the texts.
 */
public class ErrorPositionTest {

    private static List<PolicyMessage> errorsOf(String drl) {
        CompileResult r = new PolicyCompiler(ErrorPositionTest.class.getClassLoader(), PrebuiltPolicy.none())
                .compile(List.of(new RuleFile("workflow/probe.drl", drl)));
        assertTrue(!r.ok(), "the probe must not compile");
        return r.errors();
    }

    @Test
    void aParseErrorIsAtItsCharacterAndNothingElseIsSaid() {
        // line 7 is "    Task( taskId == \"t\" ) )": the second ')' is its 27th character
        List<PolicyMessage> errors = errorsOf("""
                package conclave.workflow;

                import io.conclave.model.*;

                rule "Extra parenthesis"
                when
                    Task( taskId == "t" ) )
                then
                end
                """);
        PolicyMessage first = errors.get(0);
        assertEquals(List.of("workflow/probe.drl", 7, 27), List.of(first.file(), first.line(), first.column()), first::toString);
        // Drools adds "Parser returned a null Package" at no line: it says only that the file did not parse
        assertTrue(errors.stream().noneMatch(m -> m.message().startsWith("Parser returned a null Package")), errors::toString);
    }

    @Test
    void aConstraintDroolsCannotTypeIsFoundInTheFile() {
        // Drools reports no line for it; the constraint "taskId == $nowhere" is found once in the text: line 7, and
        // its first character is the 11th of "    Task( taskId == $nowhere )"
        List<PolicyMessage> errors = errorsOf("""
                package conclave.workflow;

                import io.conclave.model.*;

                rule "Unknown variable"
                when
                    Task( taskId == $nowhere )
                then
                end
                """);
        PolicyMessage first = errors.get(0);
        assertTrue(first.message().startsWith("Unable to Analyse Expression taskId == $nowhere"), first::toString);
        assertEquals(List.of("workflow/probe.drl", 7, 11), List.of(first.file(), first.line(), first.column()), first::toString);
    }
}
