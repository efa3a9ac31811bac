package io.conclave.model.wording;

import java.util.List;
import java.util.Map;

import io.conclave.model.Agent;
import io.conclave.model.Task;

public final class AssignmentWording {
    private AssignmentWording() {
    }

    public static String missingSkills(Agent a, Task t) {
        StringBuilder why = new StringBuilder("lacks ");
        for (Map.Entry<String, Double> e : t.getRequiredSkills().entrySet()) {
            double need = e.getValue();
            double has = a.skill(e.getKey());
            if (has < need) {
                why.append(why.length() > 6 ? ", " : "").append(e.getKey())
                   .append(" (has ").append(has).append(", needs ").append(need).append(")");
            }
        }
        return why.toString();
    }
}
