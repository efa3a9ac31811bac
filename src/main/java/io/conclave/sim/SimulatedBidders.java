package io.conclave.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.project.SimulatedBidding;
import io.conclave.model.Agent;
import io.conclave.model.Announcement;
import io.conclave.model.Bid;
import io.conclave.model.CallAnswers;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.engine.policy.Outputs;

/**
 * Simulated agents answering the calls for proposals they are invited to. What each one answers is the
 * policy's (rules/simulation/bidders.drl: the shipped rules bid the original contract-net design's base cost
 * {@code complexity x 10}, to which the award adds {@code open tasks x 5}, or decline when the agent is overloaded
 * or cannot do the task); the answers of one call are posted to the rules together ({@link CallAnswers}, in the order the
 * agents were invited), which record them as a real agent's would be and decide the award. Calls are
 * answered in task order until no call is pending (a call without bids is announced again). The agents of
 * one call answer as they are when the call reaches them: an answer changes no agent, only the award after
 * the last one does.
 */
public final class SimulatedBidders {
    private SimulatedBidders() {
    }

    /** Answers every pending call for proposals of the session; returns how many answers were posted. */
    public static int answerOpenCalls(ProjectSession session) {
        SimulatedBidding bidding = null;
        try {
            int posted = 0;
            boolean any = true;
            while (any) {
                any = false;
                Map<String, Announcement> open = new HashMap<>();
                for (Announcement a : session.outputs(Outputs.ANNOUNCEMENTS)) {
                    if (a.isOpen()) {
                        open.put(a.getTaskId(), a);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                for (Task t : session.tasks()) {
                    Announcement call = open.get(t.getTaskId());
                    List<Agent> asked = new ArrayList<>();
                    if (call != null) { // open: every invited agent that has not answered is still asked
                        for (String id : call.getInvited()) {
                            if (!call.hasAnswered(id)) {
                                asked.add(session.agent(id));
                            }
                        }
                    }
                    if (asked.isEmpty()) {
                        continue;
                    }
                    if (bidding == null) {
                        bidding = SimulatedBidding.open(session.policy(), session.maxFirings());
                    }
                    posted += answer(session, bidding, t, call, asked);
                    any = true;
                }
            }
            return posted;
        } finally {
            if (bidding != null) {
                bidding.close();
            }
        }
    }

    /** The asked agents' answers to one call, posted together; returns how many. */
    private static int answer(ProjectSession session, SimulatedBidding bidding, Task t, Announcement call,
                              List<Agent> asked) {
        Bid[] answers = bidding.answersInOrder(t, call.getRound(), asked);
        List<Bid> bids = new ArrayList<>(asked.size());
        for (int i = 0; i < answers.length; i++) {
            Agent a = asked.get(i);
            Bid bid = answers[i];
            bids.add(bid != null ? bid : Bid.declined(t.getTaskId(), a.getAgentId())
                    .because("policy " + session.policy().version() + " gives this simulated agent no answer"));
        }
        post(session, new CallAnswers(t.getTaskId(), bids));
        return bids.size();
    }

    private static void post(ProjectSession session, CallAnswers answers) {
        Refusal refusal = session.post(answers, answers.toString());
        if (refusal != null) {
            throw new CommandException(CommandException.Kind.POLICY, "not_handled", "policy "
                    + session.policy().version() + " refused the " + answers + ": " + refusal.getReason());
        }
    }
}
