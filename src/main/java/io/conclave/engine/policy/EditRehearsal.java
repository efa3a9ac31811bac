package io.conclave.engine.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conclave.model.policy.RuleFile;

/**
 * The edit the compiler's warm-up rehearses after compiling its small chapter: a comment line put inside the last rule
 * of the largest file of the chapter with the most text, so the rule's text changes and an edit's own path runs
 * (the file compiled as a unit against its chapter, the chapter composed, the sessions' rule bases put together).
 * Compiling the small chapter alone left the first edit of a large chapter at about twice a later one's compile
 * (execution/ 1.47 s against 0.63-0.66 s), while the first edit of another chapter after it took 0.54 s: what was
 * still cold was the path, not the chapter.
 */
final class EditRehearsal {
    /** A line that holds only {@code end}: where a rule (or a query) of a DRL file ends. */
    private static final Pattern END = Pattern.compile("(?m)^end[ \\t]*$");

    /** The files with one of them changed, and the chapter the change is in. */
    record Edit(String chapter, List<RuleFile> files) {
    }

    private EditRehearsal() {
    }

    /** The rehearsed edit of {@code files}, or null when there is no chapter besides common/ or its largest has no rule. */
    static Edit of(List<RuleFile> files) {
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        String chapter = Chapters.bySize(grouped, true).findFirst().orElse(null);
        if (chapter == null) {
            return null;
        }
        RuleFile file = grouped.get(chapter).stream().filter(f -> lastEnd(f.content()) >= 0)
                .max(Comparator.comparingInt((RuleFile f) -> f.content().length())
                        .thenComparing(RuleFile::name, Comparator.reverseOrder()))
                .orElse(null);
        if (file == null) {
            return null;
        }
        int at = lastEnd(file.content());
        RuleFile edited = new RuleFile(file.name(), file.content().substring(0, at)
                + "    // rehearsed by the compiler's warm-up\n" + file.content().substring(at));
        return new Edit(chapter, files.stream().map(f -> f == file ? edited : f).toList());
    }

    /**
     * Compiles the rehearsed edit of {@code files} with {@code compile}, then hands {@code forget} the unit hash of its
     * chapter, so the compiler's cache keeps nothing of it. Nothing happens when there is nothing to rehearse.
     */
    static void rehearse(List<RuleFile> files, Consumer<List<RuleFile>> compile, Consumer<String> forget) {
        Edit edit = of(files);
        if (edit != null) {
            compile.accept(edit.files());
            Map<String, List<RuleFile>> grouped = Chapters.group(edit.files());
            List<RuleFile> common = grouped.getOrDefault(Chapters.COMMON, List.of());
            forget.accept(ChapterCompiler.unitHash(edit.chapter(), grouped.get(edit.chapter()),
                    Chapters.commonOf(grouped, common).get(edit.chapter())));
        }
    }

    /** Where the last line holding only {@code end} starts, or -1. */
    static int lastEnd(String text) {
        Matcher m = END.matcher(text);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at;
    }
}
