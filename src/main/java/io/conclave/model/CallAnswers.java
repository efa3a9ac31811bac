package io.conclave.model;

import java.util.List;

/**
 * The answers of the simulated agents of a simulated run to one call for proposals, posted to the rules
 * as one command: each a {@link Bid} (a cost or a decline), in the order the agents were invited. The
 * contract-net rules record them on the task's {@link Announcement} together, or refuse them together
 * naming the first answer nobody asked for. A real agent posts its one {@link Bid} over REST.
 */
public final class CallAnswers implements CommandFact {
    private final String taskId;
    private final List<Bid> bids;

    public CallAnswers(String taskId, List<Bid> bids) {
        this.taskId = taskId;
        this.bids = List.copyOf(bids);
    }

    public String getTaskId() { return taskId; }
    public List<Bid> getBids() { return bids; }
    public int size() { return bids.size(); }

    /** Declines among the answers. */
    public int getDeclines() {
        int n = 0;
        for (Bid b : bids) {
            n += b.isDecline() ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString() {
        return bids.size() + " simulated answer(s) on " + taskId;
    }
}
