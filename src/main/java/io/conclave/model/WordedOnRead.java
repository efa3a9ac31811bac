package io.conclave.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A ranking's rejected agents as a decision keeps them: the reasons are worded on the first read (a
 * reason may be {@link io.conclave.model.wording.LaterWords}), not when the decision is made. Never
 * changed after it is made; reads as any list of {@link Rejection}s, in the order the policy gave them.
 */
final class WordedOnRead extends AbstractList<Rejection> {
    private final String[] agentIds;
    private final CharSequence[] reasons;
    private volatile List<Rejection> worded;

    WordedOnRead(Map<String, CharSequence> reasons) {
        this.agentIds = reasons.keySet().toArray(new String[0]);
        this.reasons = reasons.values().toArray(new CharSequence[0]);
    }

    @Override
    public Rejection get(int index) {
        return worded().get(index);
    }

    @Override
    public int size() {
        return agentIds.length;
    }

    private List<Rejection> worded() {
        List<Rejection> w = worded;
        if (w == null) {
            List<Rejection> out = new ArrayList<>(agentIds.length);
            for (int i = 0; i < agentIds.length; i++) {
                out.add(new Rejection(agentIds[i], reasons[i].toString()));
            }
            w = List.copyOf(out);
            worded = w;
        }
        return w;
    }
}
