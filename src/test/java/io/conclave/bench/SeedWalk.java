package io.conclave.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conclave.model.scheduling.DayTime;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.TimeRange;

/**
 * The original scheduler's coordinator and participants, in process, as the baseline of the negotiation
 * benchmark: the coordinator broadcasts one {@code AvailabilityRequest} per round, starting at 08:00
 * (the window start) and stepping one hour; every participant answers with an {@code AvailabilityResponse}
 * using the original scheduler's {@code is_overlap} (one of its ranges covers the slot for the whole duration; unlike
 * the original scheduler, on the same date); the coordinator collects the owners who accepted and stops at the first
 * slot with {@code minimum_participants}. Past the window's end it continues on the next day. Two quirks
 * of the original scheduler are not copied: it advances only after a rejection (so it stalls when everyone accepts but
 * there are too few), and it has no end of day.
 */
final class SeedWalk {
    record Slot(LocalDate date, int start, int end) {
    }

    record AvailabilityRequest(Slot timeSlot) {
    }

    record AvailabilityResponse(String owner, Slot timeSlot, boolean accepted) {
    }

    /** The slot found ("none"), the round that found it (-1: none) and how many rounds were broadcast. */
    record Outcome(String slot, int rounds, int asked) {
    }

    private SeedWalk() {
    }

    static Outcome run(NegotiationRequest request) {
        MeetingToPlace m = request.meeting();
        List<Participant> participants = request.participants().stream().map(Participant::new).toList();
        Map<Slot, List<String>> agreed = new HashMap<>();
        int rounds = 0;
        for (LocalDate d = m.date(); !d.isAfter(m.lastDate()); d = d.plusDays(1)) {
            for (int s = m.windowStart(); s + m.durationMinutes() <= m.windowEnd(); s += 60) {
                AvailabilityRequest broadcast = new AvailabilityRequest(new Slot(d, s, s + m.durationMinutes()));
                rounds++;
                for (Participant p : participants) {
                    AvailabilityResponse answer = p.handle(broadcast);
                    if (answer.accepted()) {
                        List<String> owners = agreed.computeIfAbsent(answer.timeSlot(), k -> new ArrayList<>());
                        owners.add(answer.owner());
                        if (owners.size() >= m.minimumParticipants()) {
                            return new Outcome(d + " " + DayTime.format(s) + "-" + DayTime.format(s + m.durationMinutes()),
                                    rounds, rounds);
                        }
                    }
                }
            }
        }
        return new Outcome("none", -1, rounds);
    }

    /** The original scheduler's participant agent. */
    private record Participant(String name, List<TimeRange> availableTimes) {
        Participant(ParticipantSpec spec) {
            this(spec.name(), spec.availableTimes());
        }

        AvailabilityResponse handle(AvailabilityRequest data) {
            Slot slot = data.timeSlot();
            boolean available = false;
            for (TimeRange t : availableTimes) {
                if (isOverlap(t, slot, slot.end() - slot.start())) {
                    available = true;
                    break;
                }
            }
            return new AvailabilityResponse(name, slot, available);
        }

        /** The original scheduler's test: the overlap of the two is at least the duration (and, here, on the same date). */
        static boolean isOverlap(TimeRange range, Slot slot, int duration) {
            int latestStart = Math.max(range.start(), slot.start());
            int earliestEnd = Math.min(range.end(), slot.end());
            return range.date().equals(slot.date()) && earliestEnd - latestStart >= duration;
        }
    }
}
