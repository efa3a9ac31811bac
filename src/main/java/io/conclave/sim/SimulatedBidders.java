package io.conclave.sim;

import java.util.HashMap;
import java.util.Map;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectSession;
import io.conclave.model.Agent;
import io.conclave.model.Announcement;
import io.conclave.model.Bid;
import io.conclave.model.Refusal;
import io.conclave.model.Task;

/**
 * Simulated agents answering the calls for proposals they are invited to (the bid of the original
 * contract-net design's agents): an agent that can handle the task and is not overloaded bids
 * {@code complexity x 10 + open tasks x 5}, any other declines. Each answer is posted to the rules as a
 * real agent's would be, so the rules decide every award. Calls are answered in task order, invited
 * agents in the order they were invited, until no call is pending (a call without bids is announced again).
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
                for (String agentId : call.getInvited()) {
                    if (!call.isPendingFor(agentId)) {
                        continue; // answered, or the call was decided by an earlier answer
                    }
                    post(session, answer(agents.get(agentId), t));
                    posted++;
                    any = true;
                }
            }
        }
        return posted;
    }

    /** The original contract net's bid: complexity x 10 + open tasks x 5; a decline when the agent is overloaded or unable. */
    public static Bid answer(Agent a, Task t) {
        if (a.getOpenTasks() >= a.getMaxOpenTasks() || !a.canDo(t.getRequiredCapability())) {
            return Bid.declined(t.getTaskId(), a.getAgentId());
        }
        return Bid.offer(t.getTaskId(), a.getAgentId(), t.getComplexity() * 10 + a.getOpenTasks() * 5, null);
    }

    private static void post(ProjectSession session, Bid bid) {
        Refusal refusal = session.post(bid, bid.toString());
        if (refusal != null) {
            throw new EngineException(EngineException.Kind.POLICY, "not_handled", "policy "
                    + session.policy().version() + " refused the simulated " + bid + ": " + refusal.getReason());
        }
    }
}
