package io.conclave.engine.project;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.model.Agent;
import io.conclave.model.Bid;
import io.conclave.model.CommandException;
import io.conclave.model.Task;
import io.conclave.model.sim.SimulatedAnswers;
import io.conclave.model.sim.SimulatedBidder;
import io.conclave.model.sim.SimulatedCall;
import io.conclave.model.wording.LaterWords;
import io.conclave.engine.owner.Firing;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.RuleWatch;
import io.conclave.engine.policy.SessionKind;

/**
 * What the simulated agents of a simulated run answer to calls for proposals, decided by the policy
 * ({@code rules/simulation/bidders.drl}). One session serves a series of calls (a simulator step's): it
 * holds one {@link SimulatedBidder} per agent asked so far, brought up to date before each call, and one
 * {@link SimulatedCall} at a time naming the invited agents still to answer; the rules insert each one's
 * {@link Bid} (a cost or a decline, with its basis in words), several at once in a {@link SimulatedAnswers}.
 * Inserting a thousand bidders for each call cost more than their answers; keeping them costs one update
 * per agent whose workload changed between two calls. The simulator posts the answers to the project as
 * real agents' would be. Not thread-safe.
 */
public final class SimulatedBidding implements AutoCloseable {
    private final KieSession session;
    private final Listener listener = new Listener();
    private final int maxFirings;
    private final Map<String, FactHandle> handles = new HashMap<>();
    private final Map<String, SimulatedBidder> bidders = new HashMap<>();

    private SimulatedBidding(Policy policy, int maxFirings) {
        this.session = Firing.open(policy, SessionKind.SIMULATED_BIDDING, listener);
        this.maxFirings = maxFirings;
    }

    /** A session for a series of calls under {@code policy}, each capped at {@code maxFirings} firings. */
    public static SimulatedBidding open(Policy policy, int maxFirings) {
        return new SimulatedBidding(policy, maxFirings);
    }

    /** The answers of {@code agents} to one call, in a session of its own (see {@link #answers(Task, int, List)}). */
    public static Map<String, Bid> answers(Policy policy, int maxFirings, Task t, int round, List<Agent> agents) {
        try (SimulatedBidding bidding = open(policy, maxFirings)) {
            return bidding.answers(t, round, agents);
        }
    }

    /**
     * The answers of {@code agents} (invited, still to answer) to call {@code round} for task {@code t}, by
     * agent id: the first answer the rules gave each agent, with the rule that gave it named in its basis
     * (the answer is posted under the same policy, whose version the project's ledger records). An agent the
     * rules gave no answer is not in the map. Throws {@link CommandException} (POLICY) when the rules fail or
     * fire more than the cap for the call.
     */
    public Map<String, Bid> answers(Task t, int round, List<Agent> agents) {
        Bid[] given = answersInOrder(t, round, agents);
        Map<String, Bid> out = new LinkedHashMap<>(capacity(agents.size()));
        for (Bid bid : given) {
            if (bid != null) {
                out.put(bid.getAgentId(), bid);
            }
        }
        return out;
    }

    /** The same answers as {@link #answers}, each at its agent's place in {@code agents} (null: no answer). */
    public Bid[] answersInOrder(Task t, int round, List<Agent> agents) {
        Map<String, Integer> asked = new HashMap<>(capacity(agents.size()));
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            asked.put(a.getAgentId(), i);
            SimulatedBidder known = bidders.get(a.getAgentId());
            if (known == null || !known.isCurrent(a)) {
                SimulatedBidder now = SimulatedBidder.of(a, a.getLoadOrder());
                bidders.put(a.getAgentId(), now);
                FactHandle h = handles.get(a.getAgentId());
                if (h == null) {
                    handles.put(a.getAgentId(), session.insert(now));
                } else {
                    session.update(h, now);
                }
            }
        }
        listener.answers.clear();
        listener.firings.clear();
        FactHandle call = session.insert(SimulatedCall.of(t, round, asked.keySet()));
        try {
            if (Firing.fire(session, listener, maxFirings) > maxFirings) {
                throw Firing.loop(maxFirings + " rules for one call for proposals", listener);
            }
        } finally {
            session.delete(call);
            listener.given.forEach(session::delete);
            listener.given.clear();
        }
        Bid[] out = new Bid[agents.size()];
        for (Answer a : listener.answers) {
            Bid bid = a.bid();
            Integer at = bid.getTaskId().equals(t.getTaskId()) ? asked.get(bid.getAgentId()) : null;
            if (at != null && out[at] == null) {
                String basis = bid.getBasis();
                out[at] = bid.because(new LaterWords(() -> (basis == null ? "" : basis + ", ") + "by " + a.origin()));
            }
        }
        return out;
    }

    /** A hash table's initial capacity that holds {@code n} entries without growing (a call asks a thousand agents). */
    private static int capacity(int n) {
        return (int) (n / 0.75f) + 1;
    }

    @Override
    public void close() {
        session.dispose();
    }

    private record Answer(Bid bid, String origin) {
    }

    /** Keeps the bids in the order the rules inserted them, with the rule that did; counts firings. */
    private static final class Listener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
        private final List<Answer> answers = new ArrayList<>();
        private final Map<String, Integer> firings = new LinkedHashMap<>();
        /** The answers' facts, taken out of the session after each call. */
        private final List<FactHandle> given = new ArrayList<>();
        private String firing;

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            firing = event.getMatch().getRule().getName();
            firings.merge(firing, 1, Integer::sum);
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getObject() instanceof Bid b) {
                answers.add(new Answer(b, origin(event)));
                given.add(event.getFactHandle());
            } else if (event.getObject() instanceof SimulatedAnswers several) {
                String origin = origin(event);
                for (Bid b : several.getBids()) {
                    answers.add(new Answer(b, origin));
                }
                given.add(event.getFactHandle());
            }
        }

        private static String origin(ObjectInsertedEvent event) {
            return "rule '" + (event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)") + "'";
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
