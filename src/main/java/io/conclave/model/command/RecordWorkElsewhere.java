package io.conclave.model.command;

import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.members.WorkElsewhereReading;

/**
 * What a project read of an organisation roster agent's open work in the other projects it serves, journaled so
 * that the project replays from its own journal alone: the agent's open tasks and hours there, and each project's
 * share ({@code byProject}: project id to its open tasks and hours). Sent by the service when the agent's load
 * elsewhere changes; rules/assignment/work_elsewhere.drl counts it against the agent's capacity here.
 */
public record RecordWorkElsewhere(@SafeId String agentId, int openTasks, double openHours, Map<String, Load> byProject)
        implements ProjectCommand {
    public static final String TYPE = "work_elsewhere";

    /** One other project's share of the agent's open work. */
    public record Load(int openTasks, double openHours) {
        @Override
        public String toString() {
            return openTasks + " task(s), " + openHours + " h";
        }
    }

    public RecordWorkElsewhere {
        byProject = byProject == null ? Map.of() : new TreeMap<>(byProject);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** The fact the rules decide on. */
    public WorkElsewhereReading toFact() {
        Map<String, String> shares = new TreeMap<>();
        byProject.forEach((p, l) -> shares.put(p, l.toString()));
        return new WorkElsewhereReading(agentId, openTasks, openHours, shares);
    }
}
