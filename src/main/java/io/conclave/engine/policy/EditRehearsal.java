package io.conclave.engine.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conclave.model.policy.RuleFile;

/**
 * The edits the compiler's warm-up rehearses after compiling its small chapter: in each chapter, largest first, a
 * comment line put inside the last rule of its largest file, and in {@code common/} one inside the last function of its
 * largest file, so a rule's or a function's text changes and an edit's own path runs (the file compiled as a unit
 * against its chapter, for a function the chapters that call it, the chapter composed, the sessions' rule bases put
 * together). Nothing of them is kept. Compiling the small chapter alone left the first edit of a large chapter at about
 * twice a later one's compile (execution/ 1.47 s against 0.63-0.66 s); one rehearsed edit of the largest chapter left
 * the first {@code PUT} of another chapter at 1.0-1.44 s against 0.5-0.7 s for later ones, and three of the same edit
 * did not change that: what was still cold was each chapter's own part of the path, not the compiler.
 */
final class EditRehearsal {
    /** A line that holds only {@code end}: where a rule (or a query) of a DRL file ends. */
    private static final Pattern END = Pattern.compile("(?m)^end[ \\t]*$");
    /** A line that holds only a closing brace: where a function of a DRL file ends. */
    private static final Pattern FUNCTION_END = Pattern.compile("(?m)^\\}[ \\t]*$");

    /** The files with one of them changed, and the chapter the change is in. */
    record Edit(String chapter, List<RuleFile> files) {
    }

    private EditRehearsal() {
    }

    /**
     * The rehearsed edits of {@code files}: one for each chapter whose files have a rule, largest chapter first, then
     * one for common/ when a file there has a function.
     */
    static List<Edit> all(List<RuleFile> files) {
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        List<Edit> edits = new ArrayList<>();
        Chapters.bySize(grouped, true).forEach(chapter -> edit(files, grouped.get(chapter), chapter, END)
                .ifPresent(edits::add));
        edit(files, grouped.getOrDefault(Chapters.COMMON, List.of()), Chapters.COMMON, FUNCTION_END)
                .ifPresent(edits::add);
        return edits;
    }

    /** A comment line before the last {@code ending} of the largest of {@code chapterFiles} that has one. */
    private static Optional<Edit> edit(List<RuleFile> files, List<RuleFile> chapterFiles, String chapter, Pattern ending) {
        return chapterFiles.stream().filter(f -> last(ending, f.content()) >= 0)
                .max(Comparator.comparingInt((RuleFile f) -> f.content().length())
                        .thenComparing(RuleFile::name, Comparator.reverseOrder()))
                .map(file -> {
                    int at = last(ending, file.content());
                    RuleFile edited = new RuleFile(file.name(), file.content().substring(0, at)
                            + "    // rehearsed by the compiler's warm-up\n" + file.content().substring(at));
                    return new Edit(chapter, files.stream().map(f -> f == file ? edited : f).toList());
                });
    }

    /**
     * Compiles each rehearsed edit of {@code files} with {@code compile}, until {@code cancelled}; after each, hands
     * {@code forget} the unit hash of every chapter the edit changed, so the compiler's cache keeps nothing of it.
     */
    static void rehearse(List<RuleFile> files, Consumer<List<RuleFile>> compile, Consumer<String> forget,
                         BooleanSupplier cancelled) {
        Map<String, String> before = unitHashes(files);
        for (Edit edit : all(files)) {
            if (cancelled.getAsBoolean()) {
                return;
            }
            compile.accept(edit.files());
            unitHashes(edit.files()).forEach((chapter, unit) -> {
                if (!unit.equals(before.get(chapter))) {
                    forget.accept(unit);
                }
            });
        }
    }

    /** Each chapter's unit hash (its files and the common files it calls), as the compiler's cache keys it. */
    private static Map<String, String> unitHashes(List<RuleFile> files) {
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(grouped, grouped.getOrDefault(Chapters.COMMON, List.of()));
        Map<String, String> hashes = new HashMap<>();
        grouped.keySet().stream().filter(c -> !Chapters.COMMON.equals(c))
                .forEach(c -> hashes.put(c, ChapterCompiler.unitHash(c, grouped.get(c), commonOf.get(c))));
        return hashes;
    }

    /** Where the last line holding only {@code end} starts, or -1. */
    static int lastEnd(String text) {
        return last(END, text);
    }

    private static int last(Pattern ending, String text) {
        Matcher m = ending.matcher(text);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at;
    }
}
