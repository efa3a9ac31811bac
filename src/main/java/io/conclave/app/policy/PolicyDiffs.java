package io.conclave.app.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import io.conclave.model.policy.RuleFile;

/**
 * What one policy version changes against another: the files added, removed and changed, the chapters they
 * belong to, and a unified diff per file (java-diff-utils: Myers' algorithm and the unified format, the
 * non-domain code a well-kept library should own).
 */
public final class PolicyDiffs {
    /** Lines of context around each change, as {@code diff -u} gives. */
    private static final int CONTEXT = 3;

    private PolicyDiffs() {
    }

    /** The files a version adds, removes and changes against its predecessor, and their chapters. */
    public record Changes(List<String> added, List<String> removed, List<String> changed, List<String> chapters) {
    }

    /** One changed file: {@code added}, {@code removed} or {@code changed}, with its unified diff. */
    public record FileDiff(String file, String change, int linesAdded, int linesRemoved, String unified) {
    }

    /** The diff of version {@code from} to {@code to}: the changes, then each file's diff. */
    public record Diff(String from, String to, Changes changes, List<FileDiff> files) {
    }

    static Changes changes(List<RuleFile> from, List<RuleFile> to) {
        Map<String, String> a = byName(from);
        Map<String, String> b = byName(to);
        List<String> added = b.keySet().stream().filter(n -> !a.containsKey(n)).toList();
        List<String> removed = a.keySet().stream().filter(n -> !b.containsKey(n)).toList();
        List<String> changed = b.keySet().stream().filter(n -> a.containsKey(n) && !a.get(n).equals(b.get(n))).toList();
        TreeSet<String> chapters = new TreeSet<>();
        for (List<String> names : List.of(added, removed, changed)) {
            names.forEach(n -> chapters.add(n.contains("/") ? n.substring(0, n.indexOf('/')) : "(flat)"));
        }
        return new Changes(added, removed, changed, List.copyOf(chapters));
    }

    static Diff diff(String fromVersion, List<RuleFile> from, String toVersion, List<RuleFile> to) {
        Changes changes = changes(from, to);
        Map<String, String> a = byName(from);
        Map<String, String> b = byName(to);
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        names.addAll(changes.added());
        names.addAll(changes.removed());
        names.addAll(changes.changed());
        for (String name : names) {
            List<String> before = a.containsKey(name) ? a.get(name).lines().toList() : List.of();
            List<String> after = b.containsKey(name) ? b.get(name).lines().toList() : List.of();
            Patch<String> patch = DiffUtils.diff(before, after);
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                    a.containsKey(name) ? fromVersion + "/" + name : "/dev/null",
                    b.containsKey(name) ? toVersion + "/" + name : "/dev/null", before, patch, CONTEXT);
            int plus = patch.getDeltas().stream().mapToInt(d -> d.getTarget().size()).sum();
            int minus = patch.getDeltas().stream().mapToInt(d -> d.getSource().size()).sum();
            String change = !a.containsKey(name) ? "added" : !b.containsKey(name) ? "removed" : "changed";
            files.add(new FileDiff(name, change, plus, minus, String.join("\n", unified) + "\n"));
        }
        return new Diff(fromVersion, toVersion, changes, files);
    }

    private static Map<String, String> byName(List<RuleFile> files) {
        return files.stream().collect(Collectors.toMap(RuleFile::name, RuleFile::content, (x, y) -> y, TreeMap::new));
    }
}
