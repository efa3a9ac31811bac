package io.conclave.model.sim;

import java.util.Set;
import java.util.TreeSet;

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

    /**
     * What it can do, sorted: the capabilities it lists and the skills it has (a level above 0), as
     * {@link Agent#canDo} reads them; a call that requires none is for anyone.
     */
    public Set<String> getCapabilities() {
        Set<String> can = new TreeSet<>(agent.getCapabilities());
        agent.getSkillLevels().forEach((skill, level) -> {
            if (level > 0) {
                can.add(skill);
            }
        });
        return can;
    }

    @Override
    public String toString() {
        return "simulated bidder " + getAgentId() + " [open " + openTasks + "/" + getMaxOpenTasks() + " tasks]";
    }
}
