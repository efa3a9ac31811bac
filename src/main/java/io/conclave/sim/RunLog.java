package io.conclave.sim;

import io.conclave.model.run.RunReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Agent;

/**
 * What a simulated run saw happen, in simulated hours: when each task started and ended, how long each
 * agent was busy, the meetings held, every start and end in order, and each agent's skills and
 * preferences when the run began (to report what it learned).
 */
final class RunLog {
    record Moment(double hour, long order, String taskId, String event, List<String> agents) {
    }

    final Map<String, Double> started = new HashMap<>();
    final Map<String, Double> ended = new HashMap<>();
    final Map<String, Double> busyHours = new TreeMap<>();
    final List<RunReport.MeetingLine> meetings = new ArrayList<>();
    final List<Moment> moments = new ArrayList<>();
    final Map<String, Map<String, Double>> skillsBefore = new TreeMap<>();
    final Map<String, Map<String, Double>> preferencesBefore = new TreeMap<>();

    void begin(ProjectSession session) {
        for (Agent a : session.agents()) {
            skillsBefore.put(a.getAgentId(), a.getSkillLevels());
            preferencesBefore.put(a.getAgentId(), a.getPreferences());
        }
    }

    /**
     * Work of {@code hours} began at {@code hour}: a task's (or a retry's) start, or, with {@code window},
     * one of its execution windows (only the first of which starts it).
     */
    void started(String taskId, double hour, List<String> agents, double hours, boolean window) {
        if (!window || !started.containsKey(taskId)) {
            started.put(taskId, hour);
            moments.add(new Moment(hour, moments.size(), taskId, "started", List.copyOf(agents)));
        }
        for (String a : agents) {
            busyHours.merge(a, hours, Double::sum);
        }
    }

    Double started(String taskId) {
        return started.get(taskId);
    }

    /** A task ended at {@code hour}: completed, failed, or taken away (skipped). */
    void ended(String taskId, double hour, String how, List<String> agents) {
        ended.put(taskId, hour);
        moments.add(new Moment(hour, moments.size(), taskId, how, List.copyOf(agents)));
    }

    void meeting(RunReport.MeetingLine line) {
        meetings.add(line);
    }

    /**
     * A meeting task taken away at {@code at} (skipped): its meeting (simulated whole when it started)
     * is cut there. What its attendees did later never happened; if anything was cut, nothing it
     * would have decided stands (the proposals stay open) and it wrote no minutes.
     */
    void cutMeeting(String taskId, String at) {
        for (int i = 0; i < meetings.size(); i++) {
            RunReport.MeetingLine m = meetings.get(i);
            if (!m.taskId().equals(taskId)) {
                continue;
            }
            List<RunReport.MeetingAction> kept = m.transcript().stream().filter(a -> a.at().compareTo(at) <= 0).toList();
            if (kept.size() == m.transcript().size()) {
                return;
            }
            List<RunReport.ProposalLine> open = m.proposals().stream().map(p -> new RunReport.ProposalLine(
                    p.proposalId(), p.title(), p.details(), p.proposer(), "open", null, Map.of(), null)).toList();
            meetings.set(i, new RunReport.MeetingLine(m.taskId(), m.meetingId(), m.simulatedStart(), at, "SKIPPED",
                    m.chair(), m.attendees(), open, null, List.of(), kept));
            return;
        }
    }
}
