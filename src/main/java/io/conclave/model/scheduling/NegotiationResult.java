package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The answer to a negotiation request (the REST response body, in snake_case). Every answer has every
 * field: {@code slot} is null when no slot has enough participants (then {@code reason} names the one
 * that came closest); {@code occurrences} lists each date the chosen slot is held (one for a one-off
 * meeting); {@code displaced} the commitments it takes attendees away from; {@code rebooked} the
 * renegotiations of displaced meetings whose definitions were given; {@code seed_walk_rounds} the
 * broadcasts the hourly walk would have needed (null: it finds no slot), or in the hourly walk the rounds it
 * took; {@code agreed_slots} the meeting scheduler's own output: every slot asked about that someone accepted, keyed
 * as the scheduler writes a {@code TimeSlot} ({@code "TimeSlot(date='2024-07-21', start_time=9, end_time=10)"}),
 * with who accepted it, in request order.
 */
public record NegotiationResult(String meeting, String mode, boolean compareDates, SlotView slot,
                                List<String> attendees, List<String> unavailable, int rounds,
                                List<SlotView> occurrences, List<DisplacedView> displaced, List<Rebooking> rebooked,
                                String reason, Integer seedWalkRounds, Map<String, List<String>> agreedSlots,
                                Explanation explanation) {

    /** The meeting scheduler's key of a slot: its {@code TimeSlot} as Python prints it, hours as numbers. */
    public static String timeSlotKey(Slot s) {
        return "TimeSlot(date='" + s.date() + "', start_time=" + hours(s.start()) + ", end_time=" + hours(s.end()) + ")";
    }

    /** 9 for 09:00, 9.5 for 09:30 (as the scheduler's ints and floats print). */
    static String hours(int minutes) {
        return minutes % 60 == 0 ? Integer.toString(minutes / 60) : Double.toString(minutes / 60.0);
    }

    /** A date and "HH:MM" times. */
    public record SlotView(LocalDate date, String startTime, String endTime) {
        public static SlotView of(LocalDate date, int start, int end) {
            return new SlotView(date, DayTime.format(start), DayTime.format(end));
        }

        public static SlotView of(Slot s) {
            return of(s.date(), s.start(), s.end());
        }
    }

    /** A participant taken away from a commitment by the chosen slot. */
    public record DisplacedView(String meeting, String participant, LocalDate date, String startTime, String endTime) {
        public static DisplacedView of(Displacement d) {
            return new DisplacedView(d.meeting(), d.participant(), d.time().date(), DayTime.format(d.time().start()),
                    DayTime.format(d.time().end()));
        }
    }

    /** The renegotiation of a displaced meeting, in the round it was broadcast in. */
    public record Rebooking(String meeting, SlotView slot, List<String> attendees, List<String> unavailable,
                            List<SlotView> occurrences, int round, String reason, String rule) {
    }

    /**
     * Why: the rule that decided, the policy version, the order it ranked options by, how many candidate
     * slots were asked about and how many options had enough participants, the chosen option's total
     * preference score, the next best options, why each participant who does not attend cannot, the
     * facts the deciding rule matched, and how often each rule fired.
     */
    public record Explanation(String rule, String policyVersion, String order, int candidateSlots,
                              int feasibleOptions, Double score, List<RunnerUp> runnersUp, List<Absence> unavailable,
                              List<String> matchedFacts, Map<String, Integer> rulesFired) {
    }

    /** An option ranked just below the chosen one. */
    public record RunnerUp(SlotView slot, List<String> attendees, double score, int displaced) {
        public static RunnerUp of(SlotOption o) {
            return new RunnerUp(SlotView.of(o.getSlot()), o.getAttendees(), o.getScore(), o.getDisplaced().size());
        }
    }

    /** A participant who does not attend, and why (its own answer for the chosen slot). */
    public record Absence(String participant, String reason) {
    }
}
