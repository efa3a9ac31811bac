package io.conclave.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.journal.RuleFolder;
import io.conclave.model.policy.RuleFile;

/**
 * The edits the compiler's warm-up rehearses after its small chapter. Where, by hand from the shipped folders
 * ({@code cat rules/X/*.drl | wc -c}): assignment/ holds 69,280 bytes of rules, then coordination/ (48,834), execution/
 * (47,722), conversations/ (35,328), workflow/ (26,129), meetings/ (21,891), memory/ (18,343), scheduling/ (14,784),
 * simulation/ (9,344) and rollouts/ (4,923); each chapter's edit goes into its largest file that has a rule, before the
 * file's last {@code end}, and common/'s into scoring.drl before the brace that closes its last function. The
 * functions of scoring.drl are called from assignment/ and coordination/ only ({@code grep -E
 * '\b(rank|score|canHandle|...)\('} over the other chapters), so its edit has those two to compile.
 */
class EditRehearsalTest {

    @Test
    void theLastRuleOfTheLargestChaptersLargestFileGetsACommentLine() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        EditRehearsal.Edit edit = EditRehearsal.all(shipped).get(0);

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

    @Test
    void everyChapterLargestFirstThenCommonGetsOneEdit() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        List<EditRehearsal.Edit> edits = EditRehearsal.all(shipped);

        assertEquals(List.of("assignment", "coordination", "execution", "conversations", "workflow", "meetings", "memory",
                "scheduling", "simulation", "rollouts", "common"), edits.stream().map(EditRehearsal.Edit::chapter).toList());
        for (EditRehearsal.Edit edit : edits) {
            List<RuleFile> changed = edit.files().stream().filter(f -> !shipped.contains(f)).toList();
            assertEquals(1, changed.size(), edit.chapter() + ": one file changed");
            assertEquals(edit.chapter(), changed.get(0).chapter());
        }
        RuleFile scoring = shipped.stream().filter(f -> f.name().equals("common/scoring.drl")).findFirst().orElseThrow();
        RuleFile edited = edits.get(10).files().stream().filter(f -> f.name().equals("common/scoring.drl")).findFirst()
                .orElseThrow();
        int brace = scoring.content().lastIndexOf("\n}\n") + 1;
        assertEquals(scoring.content().substring(0, brace) + "    // rehearsed by the compiler's warm-up\n"
                + scoring.content().substring(brace), edited.content());
    }

    /**
     * The warm-up compiles the rehearsed edits and then drops what they changed from the compiler's cache: the same
     * edits still have their chapters to compile afterwards. Were one kept, {@code toCompile} would list nothing for it
     * (every other chapter is the build's). On the three smallest chapters of the shipped rules and common/ (all
     * eleven edits take seconds). None of them calls scoring.drl's functions, and a common file that no chapter calls
     * belongs whole to every chapter's unit ({@code Chapters.commonOf}): common/'s edit has all three to compile.
     */
    @Test
    void theWarmUpKeepsNothingOfTheRehearsals() throws IOException {
        List<RuleFile> small = RuleFolder.read(Path.of("rules")).stream()
                .filter(f -> List.of("rollouts", "simulation", "scheduling", "common").contains(f.chapter())).toList();
        PolicyCompiler compiler = new PolicyCompiler(EditRehearsalTest.class.getClassLoader());

        assertEquals("rollouts", compiler.warmUp(small, new PolicyCompiler.Ticket()));
        List<EditRehearsal.Edit> edits = EditRehearsal.all(small);
        assertEquals(List.of("scheduling", "simulation", "rollouts", "common"),
                edits.stream().map(EditRehearsal.Edit::chapter).toList());
        for (EditRehearsal.Edit edit : edits.subList(0, 3)) {
            assertEquals(List.of(edit.chapter()), compiler.toCompile(edit.files()));
        }
        assertEquals(List.of("rollouts", "scheduling", "simulation"), compiler.toCompile(edits.get(3).files()));
    }

    /**
     * What each rehearsed edit of the shipped rules has the compiler forget: the unit of its own chapter, and for
     * common/'s the units of assignment/ and coordination/, the two chapters that call scoring.drl's functions (their
     * units hold the file). The compiles are stood in for; the units are the compiler's cache keys for the edited files.
     */
    @Test
    void eachEditForgetsTheUnitsItChanged() throws IOException {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        List<List<RuleFile>> compiled = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        EditRehearsal.rehearse(shipped, compiled::add, forgotten::add, () -> false);

        List<EditRehearsal.Edit> edits = EditRehearsal.all(shipped);
        assertEquals(edits.stream().map(EditRehearsal.Edit::files).toList(), compiled);
        List<String> expected = new ArrayList<>();
        for (EditRehearsal.Edit edit : edits) {
            for (String chapter : edit.chapter().equals("common") ? List.of("assignment", "coordination")
                    : List.of(edit.chapter())) {
                expected.add(unit(edit.files(), chapter));
            }
        }
        assertEquals(java.util.Set.copyOf(expected), java.util.Set.copyOf(forgotten));
        assertEquals(12, forgotten.size(), "each unit once");
    }

    @Test
    void aCancelledRehearsalStopsBeforeTheNextEdit() throws IOException {
        List<List<RuleFile>> compiled = new ArrayList<>();
        EditRehearsal.rehearse(RuleFolder.read(Path.of("rules")), compiled::add, u -> { }, () -> compiled.size() == 2);
        assertEquals(2, compiled.size());
    }

    /** The compiler's cache key of {@code chapter} among {@code files}. */
    private static String unit(List<RuleFile> files, String chapter) {
        var grouped = Chapters.group(files);
        var commonOf = Chapters.commonOf(grouped, grouped.getOrDefault(Chapters.COMMON, List.of()));
        return ChapterCompiler.unitHash(chapter, grouped.get(chapter), commonOf.get(chapter));
    }

    @Test
    void nothingToRehearseWithoutARuleOrAFunctionsClosingBrace() {
        assertEquals(List.of(), EditRehearsal.all(List.of(new RuleFile("common/f.drl", "package conclave.common;\n"),
                new RuleFile("tiny/only.drl", "package conclave.tiny;\nfunction int one() { return 1; }\n"))));
        assertEquals(-1, EditRehearsal.lastEnd("rule \"r\" when then endless"));
    }
}
