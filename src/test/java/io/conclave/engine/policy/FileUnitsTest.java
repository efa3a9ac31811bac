package io.conclave.engine.policy;

import static io.conclave.engine.rules.Projects.agent;
import static io.conclave.engine.rules.Projects.project;
import static io.conclave.engine.rules.Projects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conclave.model.policy.RuleFile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.conclave.engine.rules.Projects;
import io.conclave.model.CommandException;
import io.conclave.model.DecisionKind;
import io.conclave.model.TaskStatus;
import io.conclave.engine.PolicyParityTest;
import io.conclave.engine.project.ProjectSession;

/**
 * An edit compiles the files it touched, not its chapter: each case edits the shipped rules as a user would and
 * checks which files of the chapter were compiled ({@link CompiledChapter#compiledFiles()}), over the chapter built
 * into the application. The expected files are read off the shipped rules by hand, as each case says.
 */
public class FileUnitsTest {

    private static final List<RuleFile> SHIPPED = PolicyParityTest.SHIPPED;

    /** The shipped files with {@code name} changed by {@code edit}. */
    public static List<RuleFile> edited(String name, UnaryOperator<String> edit) {
        List<RuleFile> files = new ArrayList<>();
        boolean found = false;
        for (RuleFile f : SHIPPED) {
            if (f.name().equals(name)) {
                files.add(new RuleFile(name, edit.apply(f.content())));
                found = true;
            } else {
                files.add(f);
            }
        }
        assertTrue(found, name);
        return files;
    }

    private static CompiledChapter compiled(List<RuleFile> files, String chapter) {
        CompileResult r = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        assertTrue(r.ok(), () -> "edit refused: " + r.errors());
        return r.policy().chapters().stream().filter(c -> c.name().equals(chapter)).findFirst().orElseThrow();
    }

    /** A comment line put before the last line of the text that is exactly {@code marker} (a rule's end, a function's brace). */
    public static UnaryOperator<String> commentBeforeLast(String marker, String comment) {
        return text -> {
            int at = text.lastIndexOf("\n" + marker + "\n");
            assertTrue(at >= 0, "no line '" + marker + "'");
            return text.substring(0, at + 1) + "    // " + comment + "\n" + text.substring(at + 1);
        };
    }

    @Test
    void aRuleEditedCompilesItsFileOnly() {
        // the last rule of contract_net_bids.drl changes: that file is compiled, the eleven others of assignment/ are not
        CompiledChapter c = compiled(edited("assignment/contract_net_bids.drl", commentBeforeLast("end", "a rule edited")),
                "assignment");
        assertEquals(CompiledChapter.Origin.RUNTIME, c.origin());
        assertEquals(List.of("assignment/contract_net_bids.drl"), c.compiledFiles());
        assertEquals(76, c.ruleCount(), "the chapter's 76 rules (grep -c ^rule rules/assignment/*.drl), 10 of them compiled anew");
        assertEquals(13, c.files().size(), "twelve files of rules and outputs.drl, the queries the application reads");
    }

    @Test
    void aFileThatLostItsLastLineBreakIsNotAChangeOfItsLastFunction() {
        // turns.drl ends with the function capCollaborators, which a rule of turn_suggestions.drl calls: a rule of
        // turns.drl edited and the file sent without its final line break (as a shell's $(...) gives it) compiles
        // turns.drl only; the white space the parser's span took in once made the function read as changed
        CompiledChapter c = compiled(edited("conversations/turns.drl",
                t -> commentBeforeLast("end", "a rule edited").apply(t).stripTrailing()), "conversations");
        assertEquals(List.of("conversations/turns.drl"), c.compiledFiles());
    }

    @Test
    void aFunctionEditedCompilesTheFilesWhoseRulesCallIt() {
        // unaskedAnswer (contract_net_bids.drl) is called by the rule "Refuse simulated answers that include one nobody
        // asked for" of the same file only (grep unaskedAnswer rules/): that file is compiled
        CompiledChapter own = compiled(edited("assignment/contract_net_bids.drl",
                t -> t.replace("function String unaskedAnswer(Announcement a, CallAnswers answers) {",
                        "function String unaskedAnswer(Announcement a, CallAnswers answers) {\n    // a function edited")),
                "assignment");
        assertEquals(List.of("assignment/contract_net_bids.drl"), own.compiledFiles());
        // hierarchy.drl holds functions and no rule. isBelowManager is called by rules of delegation_requests.drl, by
        // workOutDelegationStep (hierarchy.drl), which a rule of delegation.drl calls, and by delegationGap
        // (delegation.drl): editing it compiles those two files, not hierarchy.drl itself (no rule) nor the nine
        // files that call none of them
        CompiledChapter other = compiled(edited("assignment/hierarchy.drl",
                t -> t.replace("function boolean isBelowManager(String reportsTo, String manager, List agents) {",
                        "function boolean isBelowManager(String reportsTo, String manager, List agents) {\n    // edited")),
                "assignment");
        assertEquals(List.of("assignment/delegation.drl", "assignment/delegation_requests.drl"), other.compiledFiles());
    }

    @Test
    void aScoringFormulaEditedCompilesTheFilesThatScore() {
        // common/scoring.drl's score() is called by rank() (same file) and by workOutDelegationStep (hierarchy.drl).
        // Rules calling one of the three: assignment.drl (its three outcome rules call rank in a condition),
        // proposals.drl and delegation_requests.drl (score), delegation.drl (workOutDelegationStep, and $c.score(), a
        // method of the same name, which counts as a call: a file compiled for nothing, never one missed). The seven
        // other files of assignment/ are not compiled (grep 'score(\|rank(\|workOutDelegationStep(' rules/assignment)
        CompiledChapter c = compiled(edited("common/scoring.drl",
                t -> t.replace("function double score(Agent a, Task t) {", "function double score(Agent a, Task t) {\n"
                        + "    // a formula edited")), "assignment");
        assertEquals(List.of("assignment/assignment.drl", "assignment/delegation.drl", "assignment/delegation_requests.drl",
                "assignment/proposals.drl"), c.compiledFiles());
    }

    @Test
    void aCommentBetweenRulesCompilesNothingAndAnImportCompilesTheWholeChapter() {
        CompiledChapter comment = compiled(edited("workflow/retries.drl", t -> t + "\n// a note after the last rule\n"),
                "workflow");
        assertEquals(List.of(), comment.compiledFiles(), "nothing a compile sees changed");
        assertEquals(36, comment.ruleCount());
        CompiledChapter imported = compiled(edited("workflow/retries.drl",
                t -> t.replace("package conclave.workflow;", "package conclave.workflow;\nimport java.util.Set;")), "workflow");
        assertEquals(7, imported.compiledFiles().size(),
                "an import is the whole package's: every file of workflow/, six of rules and outputs.drl");
    }

    @Test
    void aRuleCopiedIntoAnotherFileIsRefusedAsTheWholeChapterRefusesIt() {
        // the first rule of workflow/retries.drl copied into timeline.drl (the only file touched) must still be refused
        // for its duplicate name, which a compile of timeline.drl with the others' functions alone would not see
        String rule = SHIPPED.stream().filter(f -> f.name().equals("workflow/retries.drl")).findFirst().orElseThrow()
                .content();
        int start = rule.indexOf("rule \"");
        String copy = rule.substring(start, rule.indexOf("\nend\n", start) + 5);
        List<RuleFile> files = edited("workflow/timeline.drl", t -> t + "\n" + copy);
        CompileResult byUnits = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        CompileResult whole = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).wholeChaptersOnly().compile(files);
        assertFalse(byUnits.ok());
        assertEquals(whole.errors(), byUnits.errors());
    }

    @Test
    void anErrorInATouchedFileReadsAsTheWholeChapterReportsIt() {
        List<RuleFile> files = edited("assignment/proposals.drl", t -> t.replaceFirst("\nthen\n", "\n    Nonsense( x == )\nthen\n"));
        CompileResult byUnits = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        CompileResult whole = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).wholeChaptersOnly().compile(files);
        assertFalse(byUnits.ok());
        assertFalse(byUnits.errors().isEmpty());
        assertEquals(whole.errors(), byUnits.errors());
    }

    @Test
    void theEditedRuleDecidesAndTheOthersStay() {
        // the reason of "Task is unassignable when no agent has the required skills" (assignment.drl) reworded: a task
        // needing a skill nobody has is refused with the new words, and a task alice can do is still assigned to her
        List<RuleFile> files = edited("assignment/assignment.drl",
                t -> t.replace("String why = \"no agent qualifies: \"", "String why = \"nobody can take it: \""));
        CompileResult r = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        assertTrue(r.ok(), () -> r.errors().toString());
        CompiledChapter c = r.policy().chapters().stream().filter(ch -> ch.name().equals("assignment")).findFirst().orElseThrow();
        assertEquals(List.of("assignment/assignment.drl"), c.compiledFiles());
        try (ProjectSession s = project().agents(agent("alice").skill("java", 8))
                .tasks(task("t1").needs("java", 5), task("t2").needs("cobol", 5)).start(r.policy(), 100_000)) {
            assertEquals(TaskStatus.ASSIGNED, Projects.taskOf(s, "t1").getStatus());
            assertEquals("alice", Projects.taskOf(s, "t1").getAssignee());
            assertEquals(TaskStatus.UNASSIGNABLE, Projects.taskOf(s, "t2").getStatus());
            String reason = Projects.onlyDecision(s, DecisionKind.UNASSIGNABLE, "t2").getReason();
            assertTrue(reason.startsWith("nobody can take it: "), reason);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aLoopPutIntoATouchedRuleIsStoppedAtItsBound() {
        // the touched file is checked and given the budget's hooks as a whole chapter is: a loop without end put
        // into the consequence of "Task is unassignable when no agent has the required skills" (assignment.drl) is
        // stopped at the meter's 200 ms when that rule fires (a task needing cobol, which nobody has); without the hooks
        // it would spin until the timeout fails the test
        List<RuleFile> files = edited("assignment/assignment.drl", t -> t.replace("    String why = \"no agent qualifies: \"",
                "    long spin = 0;\n    while (spin >= 0) { spin = spin + 1; }\n    String why = \"no agent qualifies: \""));
        CompileResult r = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        assertTrue(r.ok(), () -> r.errors().toString());
        assertEquals(List.of("assignment/assignment.drl"), r.policy().chapters().stream()
                .filter(ch -> ch.name().equals("assignment")).findFirst().orElseThrow().compiledFiles());
        long start = System.nanoTime();
        Throwable stop;
        try (io.conclave.engine.budget.Budget.Scope ignored = io.conclave.engine.budget.Budget.arm(
                io.conclave.engine.budget.Limits.NONE.withMillis(200))) {
            stop = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> project()
                    .agents(agent("alice").skill("java", 8)).tasks(task("t2").needs("cobol", 5)).start(r.policy(), 100_000)
                    .close());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the session answers the stop as every command does: naming the rule and the bound
        assertTrue(stop instanceof CommandException, () -> "not stopped by the budget: " + stop);
        assertTrue(stop.getMessage().startsWith("rule 'Task is unassignable when no agent has the required skills' was "
                + "stopped: it ran for "), stop.getMessage());
        assertTrue(stop.getMessage().contains("longer than the 200 ms a command may"), stop.getMessage());
        assertTrue(millis < 10_000, "stopped after " + millis + " ms");
    }

    /** A file of one rule, in {@code chapter}'s package with the import its files share. */
    private static RuleFile oneRuleFile(String name, String chapter, String imports) {
        return new RuleFile(name, "package conclave." + chapter + ";\n\n" + imports + "\nrule \"Added in " + name
                + "\"\nwhen\n    Task( taskId == \"t1\" )\nthen\nend\n");
    }

    /** The chapter's rules by name, in the order the chapter's model holds them (the order ties are broken in). */
    private static List<String> ruleOrder(CompileResult r, String chapter) {
        assertTrue(r.ok(), () -> "refused: " + r.errors());
        CompiledChapter c = r.policy().chapters().stream().filter(ch -> ch.name().equals(chapter)).findFirst().orElseThrow();
        return c.models().get().stream().flatMap(m -> m.getRules().stream()).map(org.drools.model.Rule::getName).toList();
    }

    @Test
    void aFileAddedCompilesItselfAndItsRulesTakeThePlaceAWholeCompileGivesThem() {
        // Drools places a file's block of rules by the set of the chapter's file names, not by name order: a probe put
        // slow.drl's rule second of workflow's 37 (after retries.drl's block), Zed.drl's 21st (after
        // decomposition.drl's) and workflow_x.drl's 24th (before workflow.drl's). Each case adds one such file and requires the rules in the order
        // of the chapter compiled whole, which breaks ties between rules of equal salience. assignment/ has 13 files,
        // a larger table of names than workflow/'s 8, so it is probed too.
        ClassLoader loader = FileUnitsTest.class.getClassLoader();
        for (String[] c : new String[][] {{"workflow", "slow"}, {"workflow", "Zed"}, {"workflow", "workflow_x"},
                {"assignment", "aaa"}}) {
            String name = c[0] + "/" + c[1] + ".drl";
            List<RuleFile> files = new ArrayList<>(SHIPPED);
            files.add(oneRuleFile(name, c[0], "import io.conclave.model.*;"));
            CompileResult byUnits = new PolicyCompiler(loader).compile(files);
            List<String> order = ruleOrder(byUnits, c[0]);
            CompiledChapter chapter = byUnits.policy().chapters().stream().filter(ch -> ch.name().equals(c[0]))
                    .findFirst().orElseThrow();
            assertEquals(List.of(name), chapter.compiledFiles(), name);
            // the place-holder rules leave nothing behind: no rule of theirs, no warning (the shipped rules have none)
            assertEquals(List.of(), chapter.warnings(), name);
            assertTrue(order.contains("Added in " + name), name);
            assertEquals(ruleOrder(new PolicyCompiler(loader).wholeChaptersOnly().compile(files), c[0]), order, name);
        }
    }

    @Test
    void aFileRemovedCompilesNoRuleAndTheOthersKeepTheirPlaces() {
        // workflow/timeline.drl holds seven rules, no function, and imports nothing the other files do not: without it
        // the chapter's other 29 rules stand as compiled before, in the order a compile of the six files left gives them
        ClassLoader loader = FileUnitsTest.class.getClassLoader();
        List<RuleFile> files = SHIPPED.stream().filter(f -> !f.name().equals("workflow/timeline.drl")).toList();
        CompileResult byUnits = new PolicyCompiler(loader).compile(files);
        List<String> order = ruleOrder(byUnits, "workflow");
        assertEquals(List.of(), byUnits.policy().chapters().stream().filter(ch -> ch.name().equals("workflow"))
                .findFirst().orElseThrow().compiledFiles());
        assertEquals(29, order.size());
        assertEquals(ruleOrder(new PolicyCompiler(loader).wholeChaptersOnly().compile(files), "workflow"), order);
    }

    @Test
    void aFileAddedWithAnImportThePackageLackedCompilesTheWholeChapter() {
        // imports are the package's: java.util.Set, which no file of workflow/ imports, could change how a name reads
        // in the rules compiled before, so every file of the chapter is compiled (six of rules, outputs.drl, the new one)
        List<RuleFile> files = new ArrayList<>(SHIPPED);
        files.add(oneRuleFile("workflow/extra.drl", "workflow", "import io.conclave.model.*;\nimport java.util.Set;"));
        CompileResult r = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        ruleOrder(r, "workflow");
        assertEquals(8, r.policy().chapters().stream().filter(ch -> ch.name().equals("workflow")).findFirst()
                .orElseThrow().compiledFiles().size());
    }

    @Test
    void aFileRemovedWithAGlobalOthersReadIsRefusedAsTheWholeChapterRefusesIt() {
        // workflow/retries.drl declares the global agents, which workflow.drl reads and declares nowhere else: without
        // the file the chapter is compiled whole, and refused for what workflow.drl cannot read
        List<RuleFile> files = SHIPPED.stream().filter(f -> !f.name().equals("workflow/retries.drl")).toList();
        CompileResult byUnits = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).compile(files);
        CompileResult whole = new PolicyCompiler(FileUnitsTest.class.getClassLoader()).wholeChaptersOnly().compile(files);
        assertFalse(byUnits.ok());
        assertTrue(byUnits.errors().toString().contains("agents.named"), byUnits.errors()::toString);
        assertEquals(whole.errors(), byUnits.errors());
    }
}
