package io.conclave.model.sim;

import io.conclave.model.Agent;

/**
 * A simulated agent of a simulated run as it is now: its open tasks and their hours, its limit, what it can
 * do. The rules of {@code rules/simulation/bidders.drl} decide its answer to a call for proposals
 * ({@link SimulatedCall}) that asks it; the simulator keeps it current between calls ({@link #isCurrent}).
 */
public final class SimulatedBidder {
    private final Agent agent;
    private final int openTasks;
    private final double openHours;
    private final int order;

    private SimulatedBidder(Agent agent, int order) {
        this.agent = agent;
        this.openTasks = agent.getOpenTasks();
        this.openHours = agent.getOpenHours();
        this.order = order;
    }

    /** Agent {@code a} as it is now; {@code order}: its place in the project's roster, from 0. */
    public static SimulatedBidder of(Agent a, int order) {
        return new SimulatedBidder(a, order);
    }

    public String getAgentId() { return agent.getAgentId(); }
    public int getOpenTasks() { return openTasks; }
    public int getMaxOpenTasks() { return agent.getMaxOpenTasks(); }
    /** Estimated hours of its open tasks. */
    public double getOpenHours() { return openHours; }
    /** Its place in the project's roster, from 0. */
    public int getOrder() { return order; }

    /** True while this still shows agent {@code a} as it is (the open tasks and hours a call's answer reads). */
    public boolean isCurrent(Agent a) {
        return a == agent && a.getOpenTasks() == openTasks && a.getOpenHours() == openHours;
    }

    /** True when the agent lists the capability or has a skill of that name (always, for none). */
    public boolean canDo(String capability) {
        return agent.canDo(capability);
    }

    @Override
    public String toString() {
        return "simulated bidder " + getAgentId() + " [open " + openTasks + "/" + getMaxOpenTasks() + " tasks]";
    }
}
