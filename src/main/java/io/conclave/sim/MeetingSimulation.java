package io.conclave.sim;

import io.conclave.model.run.RunReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;

import io.conclave.model.CommandException;
import io.conclave.engine.meeting.MeetingSession;
import io.conclave.engine.policy.Policy;
import io.conclave.model.Agent;
import io.conclave.model.Refusal;
import io.conclave.model.Task;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.sim.AgentIntent;
import io.conclave.model.sim.AgentIntent.Action;
import io.conclave.model.sim.SimulatedAttendee;
import io.conclave.model.sim.SimulatedMeeting;
import io.conclave.engine.policy.Outputs;

/**
 * Holds one meeting task of a simulated run as a meeting, in simulated time, from the task's start to
 * its end. What each attendee does is decided by rules/simulation/meeting_agents.drl (they insert
 * {@link AgentIntent}s); this class only says when: each action has a window of the meeting's duration
 * (joins in the first 10%, the proposal by 15%, comments by 60%, the call to vote by 70%, votes by the
 * end, a close at the end), and the intents that appear together are spread evenly over what is left of
 * their window, the last at its end, in an order drawn from the seed. Each intent is posted as a
 * {@link MeetingRequest}; the protocol rules accept or refuse it as a real agent's.
 */
final class MeetingSimulation {
    private static final Map<Action, double[]> WINDOWS = new EnumMap<>(Map.of(
            Action.JOIN, new double[] {0, 0.10}, Action.PROPOSE, new double[] {0.10, 0.15},
            Action.COMMENT, new double[] {0.15, 0.60}, Action.CALL_VOTE, new double[] {0.60, 0.70},
            Action.VOTE_YES, new double[] {0.70, 1}, Action.VOTE_NO, new double[] {0.70, 1},
            Action.VOTE_ABSTAIN, new double[] {0.70, 1}, Action.CLOSE, new double[] {1, 1}));
    /** Commands one meeting may post; behaviour rules that keep the agents busy beyond it are cut off. */
    static final int MAX_ACTIONS = 10_000;

    private final MeetingSession session;
    private final SplittableRandom random;
    private final long start;
    private final long duration;
    private final List<String> attendees;
    private final LongFunction<String> at;
    private final Set<AgentIntent> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final PriorityQueue<Planned> plan = new PriorityQueue<>(Comparator.comparingLong(Planned::at)
            .thenComparingInt(p -> phase(p.intent())).thenComparingLong(Planned::order));
    private final List<RunReport.MeetingAction> transcript = new ArrayList<>();
    private long seq = 1;
    private long planned;
    private int proposals;

    private record Planned(long at, long order, AgentIntent intent) {
    }

    private MeetingSimulation(MeetingSession session, SplittableRandom random, long start, long duration,
                              List<String> attendees, LongFunction<String> at) {
        this.session = session;
        this.random = random;
        this.start = start;
        this.duration = duration;
        this.attendees = attendees;
        this.at = at;
    }

    /**
     * Holds the meeting of {@code task} from {@code start} (epoch millis of simulated time) for its
     * estimated hours, under {@code policy}; {@code roster} and {@code tasks} are the project's agents
     * and tasks, {@code at} writes a time as the report does. The first attendee chairs.
     */
    static RunReport.MeetingLine hold(Policy policy, int maxFirings, String projectId, Task task, List<Agent> roster,
                                      List<Task> tasks, long start, long seed, LongFunction<String> at) {
        long duration = Math.round(task.getEstimatedHours() * 3_600_000.0);
        List<String> invited = task.getAttendees();
        MeetingSpec spec = new MeetingSpec("sim_" + task.getTaskId(),
                task.getDescription() == null ? task.getTaskId() : task.getDescription(), null, invited.get(0), null,
                invited, Protocol.defaults(), projectId, task.getTaskId(), null);
        List<Object> companions = new ArrayList<>();
        companions.add(simulatedMeeting(task, tasks, start + duration));
        for (String id : invited) {
            roster.stream().filter(a -> a.getAgentId().equals(id)).findFirst()
                    .ifPresent(a -> companions.add(new SimulatedAttendee(id, a.getSkillLevels())));
        }
        // one stream per meeting, from the run's seed and the task: a meeting's order does not depend on the others
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * task.getTaskId().hashCode()));
        try (MeetingSession session = MeetingSession.start(spec, policy, maxFirings, start, 0, companions)) {
            return new MeetingSimulation(session, random, start, duration, invited, at).run(task.getTaskId());
        }
    }

    /** The task with the skills of the tasks it depends on and of those that depend on it (highest level each). */
    private static SimulatedMeeting simulatedMeeting(Task task, List<Task> tasks, long endsAt) {
        Set<String> linked = new LinkedHashSet<>(task.getDependencies());
        tasks.stream().filter(t -> t.getDependencies().contains(task.getTaskId())).forEach(t -> linked.add(t.getTaskId()));
        Map<String, Double> skills = new TreeMap<>();
        for (Task t : tasks) {
            if (linked.contains(t.getTaskId())) {
                t.getRequiredSkills().forEach((s, level) -> skills.merge(s, level, Math::max));
            }
        }
        return new SimulatedMeeting(task.getTaskId(), task.getDescription(), task.getRequiredSkills(), skills,
                List.copyOf(linked), endsAt);
    }

    private RunReport.MeetingLine run(String taskId) {
        long end = start + duration;
        long now = start;
        planNew(now);
        int actions = 0;
        while (true) {
            Planned next = plan.poll();
            if (next == null) {
                if (now >= end) {
                    break;
                }
                now = end; // the meeting's time is up: time limits and behaviour that waits for the end
                session.tick(end, ++seq);
                planNew(end);
                continue;
            }
            if (++actions > MAX_ACTIONS) {
                throw new CommandException(CommandException.Kind.POLICY, "rule_loop", "the simulated attendees of "
                        + "meeting task " + taskId + " acted more than " + MAX_ACTIONS + " times and were cut off"
                        + ". Nothing of this command was kept.");
            }
            now = next.at();
            post(next.intent(), now);
            planNew(now);
        }
        return MeetingLines.of(session, taskId, start, attendees, transcript, at);
    }

    /** Plans the intents the rules inserted since the last look, group by group in phase order. */
    private void planNew(long now) {
        List<AgentIntent> fresh = new ArrayList<>();
        for (AgentIntent i : session.outputs(Outputs.AGENT_INTENTS)) {
            if (seen.add(i)) {
                fresh.add(i);
            }
        }
        fresh.sort(Comparator.comparingInt(MeetingSimulation::phase)
                .thenComparingInt(i -> attendees.indexOf(i.getAgentId()))
                .thenComparing(i -> i.getProposalId() == null ? "" : i.getProposalId()));
        for (int from = 0; from < fresh.size(); ) {
            int phase = phase(fresh.get(from));
            int to = from;
            while (to < fresh.size() && phase(fresh.get(to)) == phase) {
                to++;
            }
            List<AgentIntent> group = new ArrayList<>(fresh.subList(from, to));
            for (int i = group.size() - 1; i > 0; i--) { // the order agents act in is the genuinely random choice
                Collections.swap(group, i, random.nextInt(i + 1));
            }
            double[] window = WINDOWS.get(group.get(0).getAction());
            long lo = Math.max(now, start + Math.round(window[0] * duration));
            long hi = Math.max(lo, start + Math.round(window[1] * duration));
            for (int k = 0; k < group.size(); k++) {
                plan.add(new Planned(lo + (hi - lo) * (k + 1) / group.size(), planned++, group.get(k)));
            }
            from = to;
        }
    }

    private static int phase(AgentIntent i) {
        return i.isBallot() ? Action.VOTE_YES.ordinal() : i.getAction().ordinal();
    }

    private void post(AgentIntent i, long when) {
        String a = i.getAgentId();
        MeetingRequest command = switch (i.getAction()) {
            case JOIN -> MeetingRequest.join(a);
            case PROPOSE -> MeetingRequest.post(a, "proposal",
                    new Proposal(i.getProposalId(), i.getTitle(), i.getText(), a, "sim-" + (seq + 1), proposals++));
            case COMMENT -> MeetingRequest.post(a, "comment", null);
            case CALL_VOTE -> MeetingRequest.changeState(a, MeetingState.VOTING, i.getText());
            case VOTE_YES, VOTE_NO, VOTE_ABSTAIN -> MeetingRequest.vote(a, i.getProposalId(), i.getVote(), i.getText());
            case CLOSE -> MeetingRequest.changeState(a, MeetingState.CLOSED, i.getText());
        };
        Refusal r = session.decide(command, when, ++seq);
        transcript.add(new RunReport.MeetingAction(at.apply(when), a, i.getAction().name().toLowerCase(),
                i.getProposalId(), i.getAction() == Action.PROPOSE ? i.getTitle() : i.getText(),
                r == null ? null : r.getCode() + ": " + r.getReason()
                        + (r.getRule() == null ? "" : " (rule '" + r.getRule() + "')")));
    }
}
