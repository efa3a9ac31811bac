package io.conclave.engine.rollout;

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

import io.conclave.engine.policy.RuleWatch;
import io.conclave.model.Described;
import io.conclave.model.rollout.GuardVerdict;

/**
 * Stamps every {@link GuardVerdict} a rule inserts with the rule's name, the policy version and the facts the rule
 * matched (in their stable words); counts firings per rule for a runaway report.
 */
final class VerdictListener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
    private final String policyVersion;
    private final Map<String, Integer> firings = new TreeMap<>();
    private List<Object> matched = List.of();
    private String firing;

    VerdictListener(String policyVersion) {
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
        if (event.getObject() instanceof GuardVerdict v) {
            v.stamp(event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)", policyVersion,
                    describe(matched));
        }
    }

    private static List<String> describe(List<Object> objects) {
        List<String> facts = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof Described d) {
                facts.add(d.describe());
            } else if (o instanceof List<?> list) {
                facts.add("collection of " + list.size() + " fact(s)");
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

    @Override
    public String firingRule() {
        return firing;
    }

    @Override
    public String busiestRules(int top) {
        return RuleWatch.busiest(firings, top);
    }
}
