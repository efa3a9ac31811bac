package io.conclave.engine.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

import io.conclave.model.scheduling.SlotDecision;
import io.conclave.engine.policy.RuleWatch;

/**
 * Stamps every {@link SlotDecision} a rule inserts with the rule's name, the policy version and the
 * facts the rule matched; counts firings per rule (for the explanation and a runaway report).
 */
public final class NegotiationListener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
    private final String policyVersion;
    private final Map<String, Integer> firings = new TreeMap<>();
    private List<Object> matched = List.of();
    private String firing;

    NegotiationListener(String policyVersion) {
        this.policyVersion = policyVersion;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firing = event.getMatch().getRule().getName();
        firings.merge(firing, 1, Integer::sum);
        matched = event.getMatch().getObjects();
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof SlotDecision d) {
            d.stamp(event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)", policyVersion,
                    describe(matched));
        }
    }

    /** Described only for decisions: most firings insert none, and their facts change no more after it. */
    private static List<String> describe(List<Object> objects) {
        List<String> facts = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof List<?> list) {
                facts.add("collection of " + list.size() + " fact(s)");
            } else if (o != null && !(o instanceof Number)) {
                facts.add(o.toString());
            }
        }
        return facts;
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // only insertions are stamped
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        // only insertions are stamped
    }

    /** The rule whose consequence is running or ran last: the one to blame when a consequence throws. */
    @Override
    public String firingRule() {
        return firing;
    }

    /** Firings per rule, by rule name. */
    Map<String, Integer> firings() {
        return new TreeMap<>(firings);
    }

    @Override
    public String busiestRules(int top) {
        return RuleWatch.busiest(firings, top);
    }

}
