package io.conclave.engine.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.SessionKind;
import io.conclave.model.Refusal;
import io.conclave.model.policy.RuleFile;

/**
 * The answer to a command after its firing: a command a rule took is answered with nothing; one no rule handled is
 * refused as "not_handled" with the text its caller words, which is worded only then (every command that a rule
 * takes would otherwise build a text nobody reads).
 */
class FiringAnswerTest {

    private static KieSession session() {
        // a rule that takes a whole number (deletes it, as the shipped rules take the commands they handle); no rule
        // takes text
        CompileResult r = new PolicyCompiler(FiringAnswerTest.class.getClassLoader()).compile(List.of(new RuleFile(
                "conversations/takes_numbers.drl", "package conclave.conversations;\n\nrule \"Takes a number\"\nwhen\n"
                        + "    $n : Integer()\nthen\n    delete($n);\nend\n")));
        assertTrue(r.ok(), () -> "refused: " + r.errors());
        return r.policy().kieBase(SessionKind.CONVERSATION).newKieSession();
    }

    @Test
    void aCommandNoRuleHandledIsRefusedInItsCallersWords() {
        KieSession s = session();
        try {
            FactHandle h = s.insert("hello");
            s.fireAllRules();
            Refusal r = Firing.answer(s, h, () -> "no rule handles hello");
            assertEquals("not_handled", r.getCode());
            assertEquals("no rule handles hello", r.getReason());
            assertNull(s.getObject(h), "the command is taken out of the session");
        } finally {
            s.dispose();
        }
    }

    @Test
    void aCommandARuleTookIsAnsweredWithoutWordingARefusal() {
        KieSession s = session();
        try {
            AtomicInteger worded = new AtomicInteger();
            FactHandle h = s.insert(7);
            s.fireAllRules();
            assertNull(Firing.answer(s, h, () -> "worded " + worded.incrementAndGet()));
            assertEquals(0, worded.get(), "the refusal's text was never made");
        } finally {
            s.dispose();
        }
    }
}
