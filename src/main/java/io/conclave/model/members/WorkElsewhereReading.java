package io.conclave.model.members;

import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Described;

/**
 * What the project read of a roster agent's open work in its other projects, as a command for
 * rules/assignment/work_elsewhere.drl: the totals and each project's share.
 */
public final class WorkElsewhereReading implements Described {
    private final String agentId;
    private final int openTasks;
    private final double openHours;
    private final Map<String, String> byProject;

    public WorkElsewhereReading(String agentId, int openTasks, double openHours, Map<String, String> byProject) {
        this.agentId = agentId;
        this.openTasks = openTasks;
        this.openHours = openHours;
        this.byProject = new TreeMap<>(byProject);
    }

    public String getAgentId() { return agentId; }
    public int getOpenTasks() { return openTasks; }
    public double getOpenHours() { return openHours; }
    public Map<String, String> getByProject() { return new TreeMap<>(byProject); }

    @Override
    public String describe() {
        return "reading of " + agentId + "'s work elsewhere: " + openTasks + " task(s), " + openHours + " h " + byProject;
    }

    @Override
    public String toString() {
        return describe();
    }
}
