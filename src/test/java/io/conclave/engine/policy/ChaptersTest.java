package io.conclave.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.conclave.model.policy.RuleFile;
import io.conclave.journal.RuleFolder;

/**
 * Which files of {@code common/} a chapter is compiled with. Expected by hand from the shipped rules: the
 * functions of {@code common/scoring.drl} are called by the assignment chapter (rank, score, servingLine...) and by
 * the coordination chapter (servingKey, in conflicts.drl and time_slicing.drl); no other chapter calls one.
 */
public class ChaptersTest {
    private static final Path RULES = Path.of("rules");
    private static final String PREFERENCE = "0.1 * a.preference";

    @Test
    void anEditOfAScoringFormulaRecompilesOnlyTheChaptersThatCallIt() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(RULES);
        PolicyCompiler compiler = new PolicyCompiler(freshLoader());
        assertEquals(List.of(), compiler.toCompile(shipped), "the shipped rules are the built ones");

        List<RuleFile> edited = shipped.stream().map(f -> !f.name().equals("common/scoring.drl") ? f
                : new RuleFile(f.name(), replaced(f.content(), PREFERENCE, "0.2 * a.preference"))).toList();
        assertEquals(List.of("assignment", "coordination"), compiler.toCompile(edited));
    }

    @Test
    void aFunctionAddedToCommonRecompilesOnlyTheChaptersThatCallItsFile() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(RULES);
        PolicyCompiler compiler = new PolicyCompiler(freshLoader());
        // a new function at the end of scoring.drl: the file has more lines, its imports are where they were
        List<RuleFile> edited = shipped.stream().map(f -> !f.name().equals("common/scoring.drl") ? f
                : new RuleFile(f.name(), f.content() + "\nfunction int spare(int x) {\n    return x;\n}\n")).toList();
        assertEquals(List.of("assignment", "coordination"), compiler.toCompile(edited));
    }

    @Test
    void aChapterThatCallsNoCommonFunctionKeepsTheImportsItsPackageShares() throws IOException {
        Map<String, List<RuleFile>> chapters = Chapters.group(RuleFolder.read(RULES));
        List<RuleFile> common = chapters.get(Chapters.COMMON);
        RuleFile scoring = common.get(0);
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(chapters, common);

        assertEquals(chapters.size() - 1, commonOf.size(), "every chapter but common itself");
        assertSame(scoring, commonOf.get("assignment").get(0));
        assertSame(scoring, commonOf.get("coordination").get(0));
        // simulation's rules name Now, which only the import in scoring.drl brings into the package
        RuleFile header = commonOf.get("simulation").get(0);
        assertEquals(scoring.name(), header.name());
        assertTrue(header.content().contains("\nimport io.conclave.model.*;\n"), header.content());
        assertTrue(header.content().contains("import function io.conclave.model.wording.SkillWording.shortfall;"));
        assertFalse(header.content().contains("function String servingKey"), "no function comes along");
        // at their lines: a message about an import names the line of the file; the header ends with the last import
        // (line 14 of scoring.drl, the import of SkillWording.shortfall), the functions below are not in it
        assertEquals(14, header.content().lines().count());
        assertTrue(header.content().strip().endsWith("import function io.conclave.model.wording.SkillWording.shortfall;"));
        assertEquals(lineOf(scoring.content(), "import java.util.Map;"), lineOf(header.content(), "import java.util.Map;"));
    }

    @Test
    void aFunctionCalledThroughAnotherCommonFileComesAlong() {
        RuleFile outer = new RuleFile("common/outer.drl", """
                package conclave.common;
                function int twice(int x) { return inner(x) + inner(x); }
                """);
        RuleFile inner = new RuleFile("common/inner.drl", """
                package conclave.common;
                // inner(x) is named here, in a comment, and in "inner(" a text: neither is a call
                function int inner(int x) { return x; }
                """);
        RuleFile other = new RuleFile("common/other.drl", """
                package conclave.common;
                function int other(int x) { return x; }
                """);
        List<RuleFile> common = List.of(inner, other, outer);
        List<RuleFile> calling = List.of(new RuleFile("workflow/a.drl", """
                package conclave.workflow;
                rule "A" when eval(twice(1) == 2) then end
                """));
        List<RuleFile> callingOther = List.of(new RuleFile("meetings/b.drl", """
                package conclave.meetings;
                rule "B" when eval(other(1) == 1) then end
                """));
        List<RuleFile> naming = List.of(new RuleFile("scheduling/c.drl", """
                package conclave.scheduling;
                // twice(2) and inner(3), in a comment
                rule "C" when then System.out.println("twice(1)"); end
                """));
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(
                Map.of("workflow", calling, "meetings", callingOther, "scheduling", naming), common);

        List<RuleFile> forCalling = commonOf.get("workflow");
        assertSame(inner, forCalling.get(0));
        assertNotEquals(other, forCalling.get(1));
        assertSame(outer, forCalling.get(2));
        List<RuleFile> forNaming = commonOf.get("scheduling");
        assertEquals(List.of("package conclave.common;"), forNaming.get(0).content().lines().toList());
        assertNotEquals(other, forNaming.get(1));
        assertEquals("package conclave.common;", forNaming.get(2).content().lines().findFirst().orElseThrow());
    }

    @Test
    void aCommonFileNoChapterCallsIsCompiledWithEveryChapterSoThatItStillHasToCompile() {
        RuleFile unused = new RuleFile("common/unused.drl", """
                package conclave.common;
                function int unused(int x) { return x +; }
                """);
        List<RuleFile> chapter = List.of(new RuleFile("workflow/a.drl", "package conclave.workflow;\n"));
        List<RuleFile> other = List.of(new RuleFile("meetings/b.drl", "package conclave.meetings;\n"));
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(Map.of("workflow", chapter, "meetings", other),
                List.of(unused));
        assertSame(unused, commonOf.get("workflow").get(0));
        assertSame(unused, commonOf.get("meetings").get(0));
    }

    private static String replaced(String text, String what, String with) {
        assertTrue(text.contains(what), "common/scoring.drl no longer has " + what);
        return text.replace(what, with);
    }

    private static long lineOf(String text, String line) {
        return text.lines().takeWhile(l -> !l.equals(line)).count() + 1;
    }

    /**
     * A class loader of the test's own: compiled chapters are cached per class loader, and another test in this JVM
     * may already have compiled the same edit (the lifecycle tests make this very one), which would leave nothing
     * to compile here.
     */
    private static ClassLoader freshLoader() {
        return new java.net.URLClassLoader(new java.net.URL[0], ChaptersTest.class.getClassLoader());
    }
}
