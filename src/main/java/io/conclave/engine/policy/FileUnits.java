package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.drools.model.EntryPoint;
import org.drools.model.Global;
import org.drools.model.Model;
import org.drools.model.Query;
import org.drools.model.Rule;
import org.drools.model.TypeMetaData;

/**
 * An edit compiles what it changed, not its whole chapter. Against a chapter compiled before (the <em>base</em>:
 * the build's, or one compiled here), the files of the edited chapter are compared by their {@link DrlOutline}:
 * a file is <em>touched</em> when its rules changed, or when one of its rules calls a function whose text changed
 * (directly, or through other functions of the chapter or of {@code common/}). Only the touched files are compiled,
 * in one unit with the chapter's other files reduced to what their package shares (imports, globals) and the
 * functions the unit calls;
 * the chapter's rules are then the base's, with the touched files' rules taken from the new unit, in the order a
 * compile of the whole chapter gives them (Drools breaks ties between rules of equal salience by that order, so it
 * must not move). {@code PolicyParityTest} checks that a chapter put together this way decides byte for byte as
 * the chapter compiled whole.
 *
 * <p>A file added is touched (its rules are new); a file removed takes its rules with it. Drools places each file's
 * block of rules by the set of the chapter's file names, so when that set changes, or a file has rules for the first
 * time, the unit carries a place-holder rule in every other file with rules and the order is read off it.
 *
 * <p>Anything this cannot keep apart falls back to compiling the chapter whole, which is always correct: a change
 * of the package's imports, globals or attributes (also by a file added or removed), a file parsed with errors,
 * queries called by name, declarations, rule inheritance, and every compile error (so a refusal reads the same
 * whichever way the chapter would have been compiled).
 */
public final class FileUnits {

    private FileUnits() {
    }

    /**
     * What to compile for an edit of {@code chapter} over {@code base}.
     *
     * @param touched    the chapter's files whose rules are compiled anew (may be empty: only a function changed that no
     *                   rule calls, or nothing a compile sees)
     * @param unitFiles  the unit's files: the touched ones whole, the others reduced to what their package shares
     *                   (imports, globals) and the functions the unit needs
     * @param unitCommon the common files reduced the same way
     * @param compile    false when the edit changed nothing a compile sees (comments, blank lines outside rules and
     *                   functions): the base's rules stand as they are
     * @param fileOrder  the order of the files' blocks of rules, the base's; null when it is read off the compiled unit
     *                   (files added or removed, or rules in a file that had none)
     */
    record Plan(String chapter, CompiledChapter base, Model baseModel, List<String> touched, List<RuleFile> unitFiles,
                List<RuleFile> unitCommon, boolean compile, List<String> fileOrder, Map<String, String> fileOfBaseRule,
                Map<String, List<String>> newRules, Map<String, String> fileOfBaseQuery, Set<String> newQueries) {

    }

    /**
     * The plan for compiling {@code files} (with {@code common}, as {@link Chapters#commonOf} gives them) over
     * {@code base}, or empty when the chapter must be compiled whole.
     */
    static Optional<Plan> plan(String chapter, CompiledChapter base, List<RuleFile> files, List<RuleFile> common) {
        if (base == null || base.common() == null || !names(base.common()).equals(names(common))
                || names(files).contains(TWICE) || names(base.files()).contains(TWICE)) {
            return Optional.empty();
        }
        Map<String, DrlOutline> before = outlines(base.files(), base.common());
        Map<String, DrlOutline> after = outlines(files, common);
        if (before == null || after == null) {
            return Optional.empty();
        }
        // files added or removed: the package's shared lines must stay what the files kept give it (see sharesNothingNew)
        Set<String> kept = new HashSet<>(names(files));
        kept.retainAll(names(base.files()));
        Set<String> addedOrRemoved = new HashSet<>(names(files));
        addedOrRemoved.addAll(names(base.files()));
        addedOrRemoved.removeAll(kept);
        for (String name : after.keySet()) {
            if (before.containsKey(name) && !after.get(name).packageKey().equals(before.get(name).packageKey())) {
                return Optional.empty();
            }
        }
        for (String name : addedOrRemoved) {
            if (!sharesNothingNew(after.containsKey(name) ? after.get(name) : before.get(name), kept, after)) {
                return Optional.empty();
            }
        }
        Map<String, String> functionsBefore = functions(before);
        Map<String, String> functionsAfter = functions(after);
        if (functionsBefore == null || functionsAfter == null) {
            return Optional.empty();
        }
        if (queryCalled(after)) {
            return Optional.empty(); // a query called by name is part of the rules that call it: compile them together
        }
        Set<String> tainted = changed(functionsBefore, functionsAfter);
        boolean functionsChanged = !tainted.isEmpty();
        spread(tainted, functionsAfter);
        List<String> touched = new ArrayList<>();
        int withRules = 0;
        for (RuleFile f : files) {
            DrlOutline now = after.get(f.name());
            DrlOutline then = before.get(f.name());
            boolean hasRules = !now.rules().isEmpty() || !now.queries().isEmpty();
            withRules += hasRules ? 1 : 0;
            boolean rulesChanged = then == null ? hasRules
                    : !new ArrayList<>(now.rules().entrySet()).equals(new ArrayList<>(then.rules().entrySet()))
                    || !now.queries().equals(then.queries());
            if (rulesChanged || now.rules().values().stream().anyMatch(text -> calls(text, tainted))) {
                touched.add(f.name());
            }
        }
        if (!touched.isEmpty() && touched.size() >= withRules) {
            return Optional.empty(); // every file with rules: the whole chapter is the same compile
        }
        List<Model> models = base.models().get();
        if (models.size() != 1) {
            return Optional.empty();
        }
        Model baseModel = models.get(0);
        // which file each of the base's rules and queries came from, and the order of the files' blocks of rules
        Map<String, String> fileOf = new HashMap<>();
        Map<String, String> fileOfQuery = new HashMap<>();
        for (RuleFile f : base.files()) {
            before.get(f.name()).rules().keySet().forEach(rule -> fileOf.put(rule, f.name()));
            before.get(f.name()).queries().keySet().forEach(query -> fileOfQuery.put(query, f.name()));
        }
        List<String> order = new ArrayList<>();
        for (Rule r : baseModel.getRules()) {
            String file = fileOf.get(r.getName());
            if (file == null) {
                return Optional.empty();
            }
            if (order.isEmpty() || !order.get(order.size() - 1).equals(file)) {
                if (order.contains(file)) {
                    return Optional.empty(); // a file's rules not side by side: the order cannot be kept
                }
                order.add(file);
            }
        }
        // Where a file's rules go among the others is Drools' choice, made from the set of file names: when that set
        // changed, or a file has rules for the first time, the unit is compiled with a place-holder rule in each file
        // with rules, and the order of the blocks is read off the unit (placesFrom)
        boolean observe = !addedOrRemoved.isEmpty();
        Map<String, List<String>> newRules = new LinkedHashMap<>();
        Set<String> allNew = new HashSet<>();
        for (RuleFile f : files) {
            List<String> names = after.get(f.name()).ruleNames();
            observe |= !names.isEmpty() && !order.contains(f.name());
            for (String n : names) {
                if (!allNew.add(n)) {
                    return Optional.empty(); // the same name twice: the whole compile says so
                }
            }
            newRules.put(f.name(), names);
        }
        // the functions the unit needs: those the touched files call, the changed ones (a changed function must still
        // compile, called or not), and what those call in turn; the others were compiled with the base and stay there
        Set<String> needed = new HashSet<>(changedNow(functionsBefore, functionsAfter));
        files.stream().filter(f -> touched.contains(f.name())).forEach(f -> needed.addAll(Chapters.callsIn(f.content())));
        needed.retainAll(functionsAfter.keySet());
        close(needed, functionsAfter);
        boolean placed = observe;
        List<RuleFile> unitFiles = files.stream().map(f -> {
            if (touched.contains(f.name())) {
                return f;
            }
            RuleFile bare = after.get(f.name()).bareFile(needed);
            return placed && !after.get(f.name()).rules().isEmpty() ? withPlaceHolder(bare) : bare;
        }).toList();
        List<RuleFile> unitCommon = common.stream().map(f -> after.get(f.name()).bareFile(needed)).toList();
        boolean compile = !touched.isEmpty() || functionsChanged || observe;
        Set<String> newQueries = new HashSet<>();
        touched.forEach(f -> newQueries.addAll(after.get(f).queries().keySet()));
        return Optional.of(new Plan(chapter, base, baseModel, List.copyOf(touched), unitFiles, unitCommon, compile,
                observe ? null : List.copyOf(order), Map.copyOf(fileOf), newRules, Map.copyOf(fileOfQuery),
                Set.copyOf(newQueries)));
    }

    /** The name of the place-holder rule that shows where a file's rules go: no rule of a policy can have it. */
    private static final String PLACE = "conclave: the place of the rules of ";

    /** The file with a place-holder rule after its last line (so every line keeps its number). */
    private static RuleFile withPlaceHolder(RuleFile bare) {
        return new RuleFile(bare.name(), bare.content() + "\nrule \"" + PLACE + bare.name() + "\"\nwhen\nthen\nend\n");
    }

    /**
     * The order of the files' blocks of rules in {@code unit} (a unit compiled with a place-holder in each file with
     * rules that it does not compile), or null when a file's rules are not side by side.
     */
    private static List<String> placesFrom(Model unit, Map<String, String> freshFile) {
        List<String> order = new ArrayList<>();
        for (Rule r : unit.getRules()) {
            String file = r.getName().startsWith(PLACE) ? r.getName().substring(PLACE.length()) : freshFile.get(r.getName());
            if (order.isEmpty() || !order.get(order.size() - 1).equals(file)) {
                if (file == null || order.contains(file)) {
                    return null;
                }
                order.add(file);
            }
        }
        return order;
    }

    /**
     * True when a file added or removed changes nothing the package's files share: its package, imports and globals
     * are among those of the files {@code kept}, and it sets no package attribute. Otherwise the rules compiled before
     * could read differently in the new package, and the chapter is compiled whole.
     */
    private static boolean sharesNothingNew(DrlOutline file, Set<String> kept, Map<String, DrlOutline> after) {
        Set<String> shared = new HashSet<>();
        kept.forEach(k -> shared.addAll(after.get(k).packageKey().lines().toList()));
        List<String> own = file.packageKey().lines().toList();
        return own.stream().noneMatch(l -> l.startsWith("attribute ")) && shared.containsAll(own);
    }

    /**
     * The chapter's rules after the edit: the base's, with the touched files' rules from {@code unit} (the model
     * compiled from {@link Plan#unitFiles}; null when the plan compiled nothing). Empty when the unit does not hold
     * exactly the touched files' rules.
     */
    static Optional<Model> compose(Plan plan, Model unit) {
        Map<String, Rule> fresh = new LinkedHashMap<>();
        List<Query> queries = new ArrayList<>();
        Set<String> files = new HashSet<>();
        plan.unitFiles().forEach(f -> files.add(f.name()));
        plan.baseModel().getQueries().stream().filter(q -> !plan.touched().contains(plan.fileOfBaseQuery().get(q.getName()))
                && files.contains(plan.fileOfBaseQuery().get(q.getName()))).forEach(queries::add);
        Set<String> freshQueries = new HashSet<>();
        if (unit != null) {
            unit.getRules().stream().filter(r -> !r.getName().startsWith(PLACE)).forEach(r -> fresh.put(r.getName(), r));
            unit.getQueries().forEach(q -> {
                queries.add(q);
                freshQueries.add(q.getName());
            });
        }
        Set<String> expected = new HashSet<>();
        plan.touched().forEach(f -> expected.addAll(plan.newRules().get(f)));
        if (!fresh.keySet().equals(expected) || !freshQueries.equals(plan.newQueries())) {
            return Optional.empty();
        }
        Map<String, List<Rule>> byFile = new HashMap<>();
        for (Rule r : plan.baseModel().getRules()) {
            byFile.computeIfAbsent(plan.fileOfBaseRule().get(r.getName()), f -> new ArrayList<>()).add(r);
        }
        Map<String, String> freshFile = new HashMap<>();
        plan.touched().forEach(f -> plan.newRules().get(f).forEach(n -> freshFile.put(n, f)));
        plan.touched().forEach(byFile::remove);
        byFile.keySet().retainAll(files); // a file removed takes its rules with it
        for (Rule r : fresh.values()) {
            byFile.computeIfAbsent(freshFile.get(r.getName()), f -> new ArrayList<>()).add(r);
        }
        List<String> order = plan.fileOrder() != null ? plan.fileOrder() : unit == null ? null : placesFrom(unit, freshFile);
        if (order == null || !order.containsAll(byFile.keySet())) {
            return Optional.empty();
        }
        List<Rule> rules = new ArrayList<>();
        order.forEach(f -> rules.addAll(byFile.getOrDefault(f, List.of())));
        List<TypeMetaData> types = new ArrayList<>(plan.baseModel().getTypeMetaDatas());
        if (unit != null) {
            Set<Class<?>> known = new HashSet<>();
            types.forEach(t -> known.add(t.getType()));
            unit.getTypeMetaDatas().stream().filter(t -> known.add(t.getType())).forEach(types::add);
        }
        return Optional.of(new Composed(plan.baseModel(), List.copyOf(rules), List.copyOf(queries), List.copyOf(types)));
    }

    /** A chapter's model put together from its base and a unit: the base's package-wide parts, the merged rules. */
    private record Composed(Model base, List<Rule> rules, List<Query> queries, List<TypeMetaData> types) implements Model {
        @Override
        public String getName() {
            return base.getName();
        }

        @Override
        public String getPackageName() {
            return base.getPackageName();
        }

        @Override
        public List<Global> getGlobals() {
            return base.getGlobals();
        }

        @Override
        public List<Rule> getRules() {
            return rules;
        }

        @Override
        public List<Query> getQueries() {
            return queries;
        }

        @Override
        public List<TypeMetaData> getTypeMetaDatas() {
            return types;
        }

        @Override
        public List<EntryPoint> getEntryPoints() {
            return base.getEntryPoints();
        }
    }

    /** What {@link #names} gives for files of which two have the same name. */
    private static final String TWICE = "(a name twice)";

    private static Set<String> names(List<RuleFile> files) {
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.name()));
        return names.size() == files.size() ? names : Set.of(TWICE);
    }

    /** The outlines of the files by name, or null when one has none. */
    private static Map<String, DrlOutline> outlines(List<RuleFile> files, List<RuleFile> common) {
        Map<String, DrlOutline> out = new LinkedHashMap<>();
        for (List<RuleFile> group : List.of(files, common)) {
            for (RuleFile f : group) {
                Optional<DrlOutline> o = DrlOutline.of(f);
                if (o.isEmpty() || (group == common && !o.get().rules().isEmpty())) {
                    return null;
                }
                out.put(f.name(), o.get());
            }
        }
        return out;
    }

    /** Every function of the unit by name, or null when two files declare the same name. */
    private static Map<String, String> functions(Map<String, DrlOutline> outlines) {
        Map<String, String> all = new HashMap<>();
        for (DrlOutline o : outlines.values()) {
            for (Map.Entry<String, String> f : o.functions().entrySet()) {
                if (all.put(f.getKey(), f.getValue()) != null) {
                    return null;
                }
            }
        }
        return all;
    }

    /** The functions added, removed or changed. */
    private static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(n -> java.util.Objects.equals(before.get(n), after.get(n)));
        return names;
    }

    /** The functions added or changed (present after the edit, with another text or none before). */
    private static Set<String> changedNow(Map<String, String> before, Map<String, String> after) {
        Set<String> names = new HashSet<>(after.keySet());
        names.removeIf(n -> after.get(n).equals(before.get(n)));
        return names;
    }

    /** Adds every function one of {@code needed} calls, until none is added. */
    private static void close(Set<String> needed, Map<String, String> functions) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String name : List.copyOf(needed)) {
                for (String called : Chapters.callsIn(functions.get(name))) {
                    if (functions.containsKey(called) && needed.add(called)) {
                        grew = true;
                    }
                }
            }
        }
    }

    /** Adds every function that calls one of {@code tainted}, until none is added. */
    private static void spread(Set<String> tainted, Map<String, String> functions) {
        boolean grew = !tainted.isEmpty();
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> f : functions.entrySet()) {
                if (!tainted.contains(f.getKey()) && calls(f.getValue(), tainted)) {
                    tainted.add(f.getKey());
                    grew = true;
                }
            }
        }
    }

    /** True when a rule, function or query of the chapter calls one of its queries by name. */
    private static boolean queryCalled(Map<String, DrlOutline> outlines) {
        Set<String> queries = new HashSet<>();
        outlines.values().forEach(o -> queries.addAll(o.queries().keySet()));
        if (queries.isEmpty()) {
            return false;
        }
        for (DrlOutline o : outlines.values()) {
            for (Map<String, String> texts : List.of(o.rules(), o.functions())) {
                if (texts.values().stream().anyMatch(text -> calls(text, queries))) {
                    return true;
                }
            }
            for (Map.Entry<String, String> q : o.queries().entrySet()) {
                Set<String> others = new HashSet<>(queries);
                others.remove(q.getKey());
                if (calls(q.getValue(), others)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean calls(String text, Set<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        Set<String> called = Chapters.callsIn(text);
        return names.stream().anyMatch(called::contains);
    }
}
