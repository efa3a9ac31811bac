package io.conclave.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.policy.RuleFile;
import io.conclave.model.scheduling.SeedWalk;

/**
 * The contract of what the application reads from a session: the shipped policy declares a query for every output in
 * the chapter whose rules derive it; a query of the contract's names that the application could not read refuses the
 * policy; a query decides what is read; a policy without the query is read as before, every fact of the type.
 */
public class OutputsTest {

    private static Policy compiled(List<RuleFile> files) {
        CompileResult r = new PolicyCompiler(new ClassLoader(OutputsTest.class.getClassLoader()) { }).compile(files);
        assertTrue(r.ok(), () -> "refused: " + r.errors());
        return r.policy();
    }

    private static List<String> refusal(List<RuleFile> files) {
        CompileResult r = new PolicyCompiler(OutputsTest.class.getClassLoader()).compile(files);
        assertFalse(r.ok(), "the policy was accepted");
        return r.errors().stream().map(PolicyMessage::toString).toList();
    }

    private static Set<String> queries(KieBase base) {
        Set<String> names = new TreeSet<>();
        base.getKiePackages().forEach(p -> p.getQueries().forEach(q -> names.add(q.getName())));
        return names;
    }

    @Test
    void theShippedPolicyDeclaresEveryOutputInItsChapter() {
        Policy shipped = compiled(io.conclave.engine.PolicyParityTest.SHIPPED);
        for (Outputs<?> o : Outputs.ALL) {
            String file = o.chapter() + "/outputs.drl";
            assertTrue(shipped.files().stream().anyMatch(f -> f.name().equals(file)
                    && f.content().contains("query " + o.query() + "\n    $fact : " + o.type().getSimpleName() + "()\n")),
                    file + " declares " + o.query());
            SessionKind kind = java.util.Arrays.stream(SessionKind.values()).filter(k -> k.loads(o.chapter())).findFirst()
                    .orElseThrow();
            assertTrue(queries(shipped.kieBase(kind)).contains(o.query()), o.query() + " in a " + kind + " session");
        }
        for (SessionKind kind : SessionKind.values()) {
            assertEquals(List.of(), Outputs.check(shipped.kieBase(kind)), kind.name());
        }
    }

    @Test
    void aQueryBindingAnotherTypeRefusesThePolicy() {
        // goalConflicts binding GoalProposal: the application reads GoalConflict from it, so it could not
        List<String> errors = refusal(FileUnitsTest.edited("coordination/outputs.drl",
                t -> t.replace("$fact : GoalConflict()", "$fact : GoalProposal()")));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("query goalConflicts must take no parameters and bind $fact : GoalConflict"),
                errors::toString);
    }

    @Test
    void aQueryWithParametersRefusesThePolicy() {
        List<String> errors = refusal(FileUnitsTest.edited("scheduling/outputs.drl",
                t -> t.replace("query seedWalks\n", "query seedWalks(String id)\n")));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("query seedWalks must take no parameters"), errors::toString);
    }

    @Test
    void theQueryDecidesWhatTheApplicationReads() {
        // two walks in a negotiation's working memory; the query narrowed to negotiation n1 gives the application one
        Policy narrowed = compiled(FileUnitsTest.edited("scheduling/outputs.drl",
                t -> t.replace("$fact : SeedWalk()", "$fact : SeedWalk(negotiationId == \"n1\")")));
        assertEquals(List.of("n1"), walks(narrowed));
        // the edit compiled its own file, the query's, not the chapter (the other files' rules are the build's)
        assertEquals(List.of("scheduling/outputs.drl"), narrowed.chapters().stream()
                .filter(c -> c.name().equals("scheduling")).findFirst().orElseThrow().compiledFiles());
        // without the query (a policy written before the contract), every SeedWalk in working memory, as before
        Policy without = compiled(FileUnitsTest.edited("scheduling/outputs.drl",
                t -> t.replace("query seedWalks\n    $fact : SeedWalk()\nend\n", "")));
        assertFalse(queries(without.kieBase(SessionKind.NEGOTIATION)).contains("seedWalks"));
        assertEquals(List.of("n1", "n2"), walks(without));
    }

    @Test
    void aQueryARuleCallsCompilesTheChapterWhole() {
        // a rule that calls seedWalks by name is compiled with it: the edit of outputs.drl compiles every file of
        // scheduling/ (three of rules and outputs.drl), where the narrowed query alone compiled one
        Policy p = compiled(FileUnitsTest.edited("scheduling/outputs.drl", t -> t.replace("$fact : SeedWalk()",
                "$fact : SeedWalk(negotiationId == \"n1\")") + "\nrule \"Asks the walks\"\nwhen\n    seedWalks()\nthen\nend\n"));
        assertEquals(4, p.chapters().stream().filter(c -> c.name().equals("scheduling")).findFirst().orElseThrow()
                .compiledFiles().size());
    }

    private static List<String> walks(Policy p) {
        KieSession s = p.kieBase(SessionKind.NEGOTIATION).newKieSession();
        try {
            s.insert(new SeedWalk("n1", 3));
            s.insert(new SeedWalk("n2", 4));
            return Outputs.read(s, Outputs.SEED_WALKS).stream().map(SeedWalk::getNegotiationId).sorted().toList();
        } finally {
            s.dispose();
        }
    }

    @Test
    void anOutputIsNotReadAsAPlainFact() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Outputs.notAnOutput(SeedWalk.class));
        assertEquals("SeedWalk is derived by the rules: read it through query seedWalks", e.getMessage());
        Outputs.notAnOutput(io.conclave.model.scheduling.Negotiation.class); // inserted by the application: no complaint
        assertEquals(Outputs.SEED_WALKS, Outputs.forType(SeedWalk.class));
    }
}
