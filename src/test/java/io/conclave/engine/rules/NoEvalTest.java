package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.junit.jupiter.api.Test;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PrebuiltPolicy;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.policy.SessionKind;
import io.conclave.model.policy.RuleFile;
import io.conclave.journal.RuleFolder;
import io.conclave.model.Agent;
import io.conclave.model.Task;

/**
 * The shipped rules test several facts in the pattern they concern, never in an {@code eval}: Drools warns about
 * every {@code eval} when it puts a rule base together, and an {@code eval} is not looked at again when a fact it
 * reads changes in a property its patterns do not name. The second test shows that difference on Drools itself,
 * with the shipped rules' own idiom, so the reason stays true as Drools changes.
 */
public class NoEvalTest {

    private static final String PROBE = """
                package conclave.workflow;

                import io.conclave.model.*;

                function boolean qualifies(Agent a, Task t) {
                    return a.skill("java") >= 5;
                }

                rule "In the pattern"
                when
                    $t : Task( taskId == "t" )
                    $a : Agent( agentId == "bob", qualifies(this, $t) )
                then
                    insert("in the pattern: " + $a.getAgentId());
                end

                rule "In an eval"
                when
                    $t : Task( taskId == "t" )
                    $a : Agent( agentId == "bob" )
                    eval( qualifies($a, $t) )
                then
                    insert("in an eval: " + $a.getAgentId());
                end
                """;

    @Test
    void noShippedRuleHasAnEval() throws Exception {
        // the search finds what it looks for: the probe below has one eval
        assertEquals(List.of("probe 'In an eval'"), evalsIn(List.of(new RuleFile("workflow/probe.drl", PROBE)))
                .stream().map(w -> w.replace("workflow/probe.drl", "probe")).toList());
        assertEquals(List.of(), evalsIn(RuleFolder.read(Path.of("rules"))));
    }

    /**
     * Compiling every shipped chapter here (as an edit or the start's warm-up does, not from the build) logs no
     * warning from Drools: the start-up log stays free of them. Drools warns for an {@code eval}, and for a test in
     * a pattern that names none of the fact's properties (a method call with only outside arguments), which makes
     * the pattern react to any change of the fact.
     */
    @Test
    void everyShippedChapterCompilesWithoutADroolsWarning() throws Exception {
        QuietLogging.likeTheService();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger drools = Logger.getLogger("org.drools");
        drools.addHandler(handler);
        try {
            CompileResult r = new PolicyCompiler(NoEvalTest.class.getClassLoader(), PrebuiltPolicy.none())
                    .compile(RuleFolder.read(Path.of("rules")));
            assertTrue(r.ok(), () -> r.errors().toString());
            assertEquals(10, r.policy().chapters().size()); // every folder of rules/ but common/
        } finally {
            drools.removeHandler(handler);
        }
        assertEquals(List.of(), warnings);
    }

    private static List<String> evalsIn(List<RuleFile> files) throws Exception {
        List<String> found = new ArrayList<>();
        for (RuleFile f : files) {
            DrlParser parser = new DrlParser();
            PackageDescr pkg = parser.parse(false, f.content());
            assertTrue(!parser.hasErrors(), () -> f.name() + ": " + parser.getErrors());
            for (RuleDescr r : pkg.getRules()) {
                collectEvals(r.getLhs(), f.name() + " '" + r.getName() + "'", found);
            }
        }
        return found;
    }

    private static void collectEvals(BaseDescr d, String where, List<String> found) {
        if (d instanceof EvalDescr) {
            found.add(where);
        } else if (d instanceof PatternDescr p) {
            p.getConstraint().getDescrs().forEach(c -> collectEvals(c, where, found));
            if (p.getSource() != null) {
                collectEvals(p.getSource(), where, found);
            }
        } else if (d instanceof ConditionalElementDescr ce) {
            ce.getDescrs().forEach(c -> collectEvals((BaseDescr) c, where, found));
        }
    }

    /**
     * Bob has java 4, the task needs 5: neither rule matches. Bob learns (his skill levels change, as learning.drl
     * changes them, and nothing else): the rule that tests him in his pattern with {@code this} fires; the one that
     * tests him in an {@code eval} after a pattern naming only {@code agentId} does not, though the same test now
     * holds.
     */
    @Test
    void aTestInThePatternSeesALearnedSkillAndAnEvalDoesNot() {

        CompileResult r = new PolicyCompiler(NoEvalTest.class.getClassLoader(), PrebuiltPolicy.none())
                .compile(List.of(new RuleFile("workflow/probe.drl", PROBE)));
        assertTrue(r.ok(), () -> r.errors().toString());
        KieSession session = r.policy().kieBase(SessionKind.PROJECT).newKieSession();
        try {
            Agent bob = new Agent("bob", "bob", null, 0, Map.of("java", 4.0), Map.of(), 2, null, List.of(), 3);
            session.insert(new Task("t", "t", null, 1.0, 3, false, List.of(), Map.of("java", 5.0), List.of(), List.of(),
                    null, 0, true, new Task.Traits(io.conclave.model.Coordination.CONTRACT_NET, null, 0.0, List.of(), null,
                    List.of(), false, 0, null)));
            FactHandle handle = session.insert(bob);
            session.fireAllRules();
            assertEquals(List.of(), said(session));

            bob.setSkillLevels(Map.of("java", 5.1));
            session.update(handle, bob, "skillLevels");
            session.fireAllRules();
            assertEquals(List.of("in the pattern: bob"), said(session));
        } finally {
            session.dispose();
        }
    }

    private static List<String> said(KieSession session) {
        List<String> out = new ArrayList<>();
        session.getObjects(o -> o instanceof String).forEach(o -> out.add((String) o));
        out.sort(null);
        return out;
    }
}
