package io.conclave.model.sim;

import java.util.List;

import io.conclave.model.Bid;

/**
 * The answers one rule of {@code rules/simulation/bidders.drl} gives to a call for proposals: a bid or a
 * decline for each invited agent its conditions hold for, inserted together in one firing. The rule that
 * inserted them is each answer's origin.
 */
public final class SimulatedAnswers {
    private final String taskId;
    private final List<Bid> bids;

    public SimulatedAnswers(String taskId, List<Bid> bids) {
        this.taskId = taskId;
        this.bids = List.copyOf(bids);
    }

    public String getTaskId() { return taskId; }
    public List<Bid> getBids() { return bids; }

    @Override
    public String toString() {
        return bids.size() + " simulated answer(s) on " + taskId;
    }
}
