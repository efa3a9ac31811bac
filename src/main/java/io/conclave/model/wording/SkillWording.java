package io.conclave.model.wording;

import java.util.List;
import java.util.Map;

import io.conclave.model.Agent;
import io.conclave.model.Task;

/** How skill shortfalls are said: an agent's, against a task (common/scoring.drl, assignment/). */
public final class SkillWording {
    private static final Map<Double, String> LEVEL_TEXT = new java.util.concurrent.ConcurrentHashMap<>();

    private SkillWording() {
    }

    /** "lacks architecture (has 6.0, needs 7.0), blockchain (has 0.0, needs 6.0)": each required skill the agent has below the level. */
    public static String missingSkills(Agent a, Task t) {
        return shortfall(a, t).toString();
    }

    /**
     * The words of {@link #missingSkills}, made when first read: the agent's levels are copied now (they
     * change when it learns or is updated), the text is built from the copy later.
     */
    public static CharSequence shortfall(Agent a, Task t) {
        String[] skills = t.requiredSkillNames(); // the task's own arrays, never changed after it is made
        double[] needs = t.requiredSkillLevels();
        double[] has = new double[skills.length];
        for (int i = 0; i < skills.length; i++) {
            has[i] = a.skill(skills[i]);
        }
        return new LaterWords(() -> lacks(skills, needs, has));
    }

    private static String lacks(String[] skills, double[] needs, double[] has) {
        StringBuilder why = new StringBuilder("lacks ");
        for (int i = 0; i < skills.length; i++) {
            if (has[i] < needs[i]) {
                why.append(why.length() > 6 ? ", " : "").append(skills[i])
                   .append(" (has ").append(text(has[i])).append(", needs ").append(text(needs[i])).append(")");
            }
        }
        return why.toString();
    }

    /**
     * A level as Double.toString words it, remembered: the ranking words the shortfalls of ten rejected agents
     * for every task, and levels are a few distinct numbers, so formatting each anew was a visible share of it.
     */
    private static String text(double level) {
        String known = LEVEL_TEXT.get(level);
        if (known == null) {
            known = Double.toString(level);
            if (LEVEL_TEXT.size() < 4096) {
                LEVEL_TEXT.put(level, known);
            }
        }
        return known;
    }

    /**
     * "penetration_testing needs 8.0, best available 0.0": per required skill, the best level any of the
     * agents has when it falls short; when none does, that no single agent has them all.
     */
    public static String skillGap(Task t, List<? extends Agent> agents) {
        StringBuilder gap = new StringBuilder();
        for (Map.Entry<String, Double> e : t.getRequiredSkills().entrySet()) {
            double need = e.getValue();
            double top = 0;
            for (Agent a : agents) {
                top = Math.max(top, a.skill(e.getKey()));
            }
            if (top < need) {
                gap.append(gap.length() == 0 ? "" : "; ").append(e.getKey()).append(" needs ").append(need)
                   .append(", best available ").append(top);
            }
        }
        return gap.length() == 0 ? "no single agent has every required skill " + t.getRequiredSkills() : gap.toString();
    }
}
