package io.conclave.engine.scheduling;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.CommandException;
import io.conclave.model.Dates;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.scheduling.DayTime;
import io.conclave.model.scheduling.MeetingTaskWindow;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.TimeRange;
import io.conclave.model.scheduling.UndeclaredAvailability;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.policy.Outputs;

/**
 * When a project's meeting task is held: a time negotiated among its attendees (rules/scheduling/) when
 * any of them declared availability, every attendee for the task's whole estimated hours, within the
 * window the project's policy gives ({@link MeetingTaskWindow}: days from the task's scheduled date, else
 * the project's start date, and whether not before its scheduled time); an attendee who declared nothing
 * is free when the policy says ({@link UndeclaredAvailability}). Both settings are facts the rules of
 * rules/assignment/meetings_assignment.drl insert into the project's session. Thread-safe.
 */
public final class MeetingTaskScheduling {
    private final Negotiator negotiator;

    /** {@code maxFirings}: rule firings one negotiation may cause before it is cut off as a loop. */
    public MeetingTaskScheduling(int maxFirings) {
        this.negotiator = new Negotiator(maxFirings);
    }

    /** The policy's settings for a project's meeting tasks, as its session holds them (either may be null). */
    public record Settings(Policy policy, MeetingTaskWindow window, UndeclaredAvailability undeclared) {
        /** Read from a project's session, under its lock. */
        public static Settings of(ProjectSession session) {
            return new Settings(session.policy(), first(session.outputs(Outputs.MEETING_TASK_WINDOWS)),
                    first(session.outputs(Outputs.UNDECLARED_AVAILABILITY)));
        }

        private static <T> T first(List<T> facts) {
            return facts.isEmpty() ? null : facts.get(0);
        }
    }

    /**
     * The slot of meeting task {@code task} of {@code project} under {@code settings}: a negotiated time,
     * or none with the reason; null when none of its attendees declared availability (nothing to negotiate).
     */
    public MeetingSpec.Slot schedule(Settings settings, ProjectSpec project, Task task) {
        Map<String, ProjectSpec.AgentSpec> agents = new HashMap<>();
        project.agentsOrEmpty().forEach(a -> agents.put(a.agentId(), a));
        if (task.getAttendees().stream().allMatch(a -> agents.get(a) == null || agents.get(a).availabilityOrEmpty().isEmpty())) {
            return null;
        }
        MeetingTaskWindow window = settings.window();
        if (window == null) {
            return new MeetingSpec.Slot(null, null, null, "no time negotiated: policy " + settings.policy().version()
                    + " gives meeting tasks no window");
        }
        LocalDate first = task.getScheduledDate() != null ? task.getScheduledDate().toLocalDate()
                : project.scheduling() != null && project.scheduling().startDate() != null
                ? Dates.parse(project.scheduling().startDate()).toLocalDate() : LocalDate.now(ZoneOffset.UTC);
        LocalDate last = first.plusDays(window.getDays() - 1L);
        int from = window.isNotBeforeScheduledTime() && task.getScheduledDate() != null
                ? task.getScheduledDate().toLocalTime().toSecondOfDay() / 60 : 0;
        List<ParticipantSpec> participants = new ArrayList<>();
        for (String a : task.getAttendees()) {
            List<TimeRange> free = new ArrayList<>();
            ProjectSpec.AgentSpec spec = agents.get(a);
            if (spec == null || spec.availabilityOrEmpty().isEmpty()) {
                UndeclaredAvailability u = settings.undeclared();
                for (LocalDate d = first; u != null && !d.isAfter(last); d = d.plusDays(1)) {
                    free.add(new TimeRange(d, u.getStart(), u.getEnd()));
                }
            } else {
                for (ProjectSpec.Availability f : spec.availabilityOrEmpty()) {
                    free.add(new TimeRange(LocalDate.parse(f.date()), DayTime.minutes(f.startTime()),
                            DayTime.minutes(f.endTime())));
                }
            }
            List<TimeRange> usable = free.stream().filter(r -> !r.date().isBefore(first))
                    .map(r -> r.date().equals(first) && r.start() < from ? new TimeRange(r.date(), from, r.end()) : r)
                    .filter(r -> r.end() > r.start()).toList();
            participants.add(ParticipantSpec.of(a, usable.toArray(TimeRange[]::new)));
        }
        String within = "; looked for from " + first + (from > 0 ? " " + DayTime.format(from) : "") + " to " + last
                + " by " + window.origin();
        int minutes = (int) Math.round(task.getEstimatedHours() * 60);
        try {
            NegotiationResult r = negotiator.negotiate(settings.policy(), NegotiationRequest.of(
                    MeetingToPlace.of(task.getTaskId(), first, minutes, task.getAttendees().size()).withLatestDate(last),
                    participants));
            if (r.slot() == null) {
                return new MeetingSpec.Slot(null, null, null, r.reason() + within);
            }
            return new MeetingSpec.Slot(r.slot().date().toString(), r.slot().startTime(), r.slot().endTime(),
                    "negotiated among " + r.attendees().size() + " attendee(s) in " + r.rounds() + " round(s) by rule '"
                            + r.explanation().rule() + "' of policy " + r.explanation().policyVersion() + within);
        } catch (CommandException e) {
            return new MeetingSpec.Slot(null, null, null, "not scheduled: " + e.getMessage());
        }
    }
}
