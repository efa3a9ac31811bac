package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Announcement;
import io.conclave.model.Task;

/** How the contract net's calls and answers are said (assignment/contract_net*.drl). */
public final class ContractNetWording {
    private ContractNetWording() {
    }

    /** The answers of a call as the ledger shows them: agent, cost, confidence or decline, in arrival order. */
    public static List<Map<String, Object>> offerLines(Announcement a) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Announcement.Offer x : a.getOffers()) {
            Map<String, Object> line = new TreeMap<>();
            line.put("agent_id", x.agentId());
            if (x.decline()) {
                line.put("decline", Boolean.TRUE);
            } else {
                line.put("cost", x.cost());
                if (x.confidence() != null) {
                    line.put("confidence", x.confidence());
                }
            }
            out.add(line);
        }
        return out;
    }

    /** The bidders that did not win, in arrival order (declines are no bids). */
    public static List<String> losers(Announcement a, String winner) {
        List<String> out = new ArrayList<>(a.getBidCount());
        for (Announcement.Offer x : a.getOffers()) {
            if (!x.decline() && !x.agentId().equals(winner)) {
                out.add(x.agentId());
            }
        }
        return out;
    }

    /** Why a call closed: every invited agent answered, or its window passed. */
    public static String closedBy(Announcement a) {
        return a.isAllAnswered() ? "every invited agent answered" : "the bid window passed";
    }

    /** Why no call for proposals of the task takes answers: its contract was awarded, or it has no open call. */
    public static String noOpenCall(Task t, Announcement a) {
        if (a != null && a.getAwardedTo() != null) {
            return "the contract for " + t.getTaskId() + " was awarded to " + a.getAwardedTo() + "; its call for proposals is closed";
        }
        return "task " + t.getTaskId() + " has no open call for proposals (it is " + t.getStatus() + ")";
    }
}
