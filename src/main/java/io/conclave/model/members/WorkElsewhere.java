package io.conclave.model.members;

import java.util.Map;
import java.util.TreeMap;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * An agent of the organisation's roster serves other projects too: its open work there as this project last read
 * it (journaled as {@code work_elsewhere}), and how much of it is counted into the agent's open tasks and hours
 * here ({@code countedTasks}, {@code countedHours}: rules/assignment/work_elsewhere.drl), so every capacity and load
 * rule of the project sees it. A reading can come before the agent joins: it is counted when it does.
 * {@code byProject}: each other project's share, "2 task(s), 3.5 h".
 */
@ClassReactive
public final class WorkElsewhere implements Fact {
    private final String agentId;
    private int openTasks;
    private double openHours;
    private Map<String, String> byProject = new TreeMap<>();
    private int countedTasks;
    private double countedHours;

    public WorkElsewhere(String agentId) {
        this.agentId = agentId;
    }

    public String getAgentId() { return agentId; }
    /** Open tasks in the other projects, counted here. */
    public int getOpenTasks() { return openTasks; }
    public double getOpenHours() { return openHours; }
    public Map<String, String> getByProject() { return new TreeMap<>(byProject); }

    /** The open tasks elsewhere counted into the agent's own here so far. */
    public int getCountedTasks() { return countedTasks; }
    public double getCountedHours() { return countedHours; }

    /** The reading is counted into the agent now (rules only, through {@code modify}). */
    public void counted() {
        countedTasks = openTasks;
        countedHours = openHours;
    }

    /** The new reading (rules only, through {@code modify}). */
    public void read(int tasks, double hours, Map<String, String> perProject) {
        openTasks = tasks;
        openHours = hours;
        byProject = new TreeMap<>(perProject);
    }

    @Override
    public String factKey() {
        return agentId;
    }

    @Override
    public String describe() {
        return "work of " + agentId + " in other projects [" + openTasks + " task(s), " + openHours + " h"
                + (byProject.isEmpty() ? "" : ": " + byProject) + "]";
    }
}
