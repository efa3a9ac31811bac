package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.TurnField;

/** How a turn decision is explained (conversations/turns.drl, turn_suggestions.drl). */
public final class TurnWording {
    private TurnWording() {
    }

    /**
     * The explanation of a turn: the topics (when the message names any), the candidates in the order
     * considered, and why the other members were passed over (when any was).
     */
    public static Map<String, Object> explain(TurnField f, List<? extends Member> ranked) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!f.getRequest().getTopics().isEmpty()) {
            out.put("topics", new ArrayList<>(f.getRequest().getTopics()));
        }
        List<String> ids = new ArrayList<>();
        for (Member m : ranked) {
            ids.add(m.getAgentId());
        }
        out.put("candidates", ids);
        if (!f.getPassedOver().isEmpty()) {
            out.put("passed_over", f.getPassedOver());
        }
        return out;
    }

    /**
     * The capabilities among the topics of each ranked candidate that has any, for dynamic and
     * collaborative explanations (a candidate left out matches none); empty when the message names no topic.
     */
    public static Map<String, List<String>> matchesOf(TurnField f, List<? extends Member> ranked) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (f.getRequest().getTopics().isEmpty()) {
            return out;
        }
        for (Member m : ranked) {
            if (f.matches(m) > 0) {
                out.put(m.getAgentId(), m.matching(f.getRequest().getTopics()));
            }
        }
        return out;
    }
}
