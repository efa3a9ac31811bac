package io.conclave.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectSession;
import io.conclave.engine.SimulatedBidding;
import io.conclave.model.Agent;
import io.conclave.model.Announcement;
import io.conclave.model.Bid;
import io.conclave.model.Refusal;
import io.conclave.model.Task;

/**
 * Simulated agents answering the calls for proposals they are invited to. What each one answers is the
 * policy's (rules/simulation/bidders.drl: the shipped rules bid the original contract-net design's
 * {@code complexity x 10 + open tasks x 5}, or decline when the agent is overloaded or cannot do the
 * task); each answer is posted to the rules as a real agent's would be, so the rules decide every award.
 * Calls are answered in task order, invited agents in the order they were invited, until no call is
 * pending (a call without bids is announced again). The agents of one call answer as they are when the
 * call reaches them: an answer changes no agent, only the award after the last one does.
 */
public final class SimulatedBidders {
    private SimulatedBidders() {
    }

    /** Answers every pending call for proposals of the session; returns how many answers were posted. */
    public static int answerOpenCalls(ProjectSession session) {
        Map<String, Agent> agents = new HashMap<>();
        session.agents().forEach(a -> agents.put(a.getAgentId(), a));
        int posted = 0;
        boolean any = true;
        while (any) {
            any = false;
            Map<String, Announcement> open = new HashMap<>();
            for (Announcement a : session.facts(Announcement.class)) {
                if (a.isOpen()) {
                    open.put(a.getTaskId(), a);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            for (Task t : session.tasks()) {
                Announcement call = open.get(t.getTaskId());
                if (call == null) {
                    continue;
                }
                List<Agent> asked = new ArrayList<>();
                call.getInvited().stream().filter(call::isPendingFor).forEach(id -> asked.add(agents.get(id)));
                if (asked.isEmpty()) {
                    continue;
                }
                Map<String, Bid> answers = SimulatedBidding.answers(session.policy(), session.maxFirings(), t,
                        call.getRound(), asked);
                for (Agent a : asked) {
                    if (!call.isPendingFor(a.getAgentId())) {
                        continue; // the call was decided by an earlier answer
                    }
                    Bid bid = answers.get(a.getAgentId());
                    post(session, bid != null ? bid : Bid.declined(t.getTaskId(), a.getAgentId())
                            .because("policy " + session.policy().version() + " gives this simulated agent no answer"));
                    posted++;
                    any = true;
                }
            }
        }
        return posted;
    }

    private static void post(ProjectSession session, Bid bid) {
        Refusal refusal = session.post(bid, bid.toString());
        if (refusal != null) {
            throw new EngineException(EngineException.Kind.POLICY, "not_handled", "policy "
                    + session.policy().version() + " refused the simulated " + bid + ": " + refusal.getReason());
        }
    }
}
