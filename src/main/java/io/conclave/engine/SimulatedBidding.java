package io.conclave.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

import io.conclave.model.Agent;
import io.conclave.model.Bid;
import io.conclave.model.Task;
import io.conclave.model.sim.SimulatedBidder;
import io.conclave.model.sim.SimulatedCall;

/**
 * What the simulated agents of a simulated run answer to a call for proposals, decided by the policy
 * ({@code rules/simulation/bidders.drl}): one throwaway session per call holds the call and the invited
 * agents still to answer, as they are now; the rules insert each one's {@link Bid} (a cost or a decline,
 * with its basis in words). The simulator posts the answers to the project as real agents' would be.
 */
public final class SimulatedBidding {
    private SimulatedBidding() {
    }

    /**
     * The answers of {@code agents} to call {@code round} for task {@code t} under {@code policy}, by agent
     * id: the first answer the rules gave each agent, with the rule that gave it named in its basis (the
     * answer is posted under the same policy, whose version the project's ledger records). An
     * agent the rules gave no answer is not in the map. Throws {@link EngineException} (POLICY) when the
     * rules fail or fire more than {@code maxFirings} times.
     */
    public static Map<String, Bid> answers(Policy policy, int maxFirings, Task t, int round, List<Agent> agents) {
        Listener listener = new Listener();
        KieSession session = Firing.open(policy, SessionKind.SIMULATED_BIDDING, listener);
        try {
            session.insert(SimulatedCall.of(t, round));
            for (int i = 0; i < agents.size(); i++) {
                session.insert(SimulatedBidder.of(agents.get(i), i));
            }
            if (Firing.fire(session, listener, maxFirings) > maxFirings) {
                throw Firing.loop(maxFirings + " rules for one call for proposals", listener);
            }
        } finally {
            session.dispose();
        }
        Map<String, Bid> out = new LinkedHashMap<>();
        for (Answer a : listener.answers) {
            if (a.bid().getTaskId().equals(t.getTaskId())) {
                out.putIfAbsent(a.bid().getAgentId(), a.bid().because((a.bid().getBasis() == null ? ""
                        : a.bid().getBasis() + ", ") + "by " + a.origin()));
            }
        }
        return out;
    }

    private record Answer(Bid bid, String origin) {
    }

    /** Keeps the bids in the order the rules inserted them, with the rule that did; counts firings. */
    private static final class Listener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
        private final List<Answer> answers = new ArrayList<>();
        private final Map<String, Integer> firings = new LinkedHashMap<>();
        private String firing;

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            firing = event.getMatch().getRule().getName();
            firings.merge(firing, 1, Integer::sum);
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getObject() instanceof Bid b) {
                String rule = event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)";
                answers.add(new Answer(b, "rule '" + rule + "'"));
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            // only insertions are answers
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            // an answer once given stays given
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
}
