package io.conclave.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What one manager does with a hierarchical task, as worked out by the {@code workOutDelegationStep} function
 * of hierarchy.drl: a direct report with capacity TAKES it, or it is PASSED down to the direct report
 * whose team holds the best capable agent, or it WAITS (everyone capable below is at capacity), or
 * NOBODY below is capable. Carries the chosen agent's score and the direct reports not chosen, with why.
 */
public class DelegationStep implements Described {
    /** The outcome of one step. */
    public enum Outcome { TAKE, PASS_DOWN, WAIT, NOBODY }

    private final Task task;
    private final String manager;
    private final List<Rejection> rejected = new ArrayList<>();
    private Outcome outcome = Outcome.NOBODY;
    private Candidate chosen;
    private String bestBelow;
    private int capableBelow;

    public DelegationStep(Task task, String manager) {
        this.task = task;
        this.manager = manager;
    }

    public Task getTask() { return task; }
    /** The manager handing the task down; null at the top of the tree. */
    public String getManager() { return manager; }
    /** How the manager is named in reasons. */
    public String getManagerName() { return manager == null ? "the top of the tree" : manager; }
    public Outcome getOutcome() { return outcome; }
    public void setOutcome(Outcome outcome) { this.outcome = outcome; }
    /** The direct report the task goes to (TAKE, PASS_DOWN) with its score (for PASS_DOWN: its best agent's). */
    public Candidate getChosen() { return chosen; }
    public void setChosen(Candidate chosen) { this.chosen = chosen; }
    /** For PASS_DOWN: the best capable agent with capacity in the chosen report's team. */
    public String getBestBelow() { return bestBelow; }
    public void setBestBelow(String bestBelow) { this.bestBelow = bestBelow; }
    /** Capable agents anywhere below the manager, with or without capacity. */
    public int getCapableBelow() { return capableBelow; }
    public void setCapableBelow(int capableBelow) { this.capableBelow = capableBelow; }
    /** The direct reports not chosen, with why (in roster order). */
    public List<Rejection> getRejected() { return rejected; }

    @Override
    public String describe() {
        return "delegation step of task " + task.getTaskId() + " at " + getManagerName() + ": " + outcome
                + (chosen == null ? "" : " to " + chosen.agentId() + " (score " + chosen.score() + ")")
                + (bestBelow == null ? "" : ", best below " + bestBelow) + ", " + capableBelow + " capable below";
    }
}
