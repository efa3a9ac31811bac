package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The participant's side of the protocol (the original scheduler's {@code Participant}): it knows its own calendar
 * and answers "am I available for this whole slot?" for every slot of a request. Availability ranges of
 * one date that touch or overlap count as one. Commitments of the meeting being negotiated are its own
 * and never in the way. Not thread-safe: one per negotiation.
 */
public final class ParticipantAgent {
    private final String name;
    private final int order;
    private final Map<LocalDate, List<int[]>> available = new HashMap<>();
    private final List<Preference> preferences;
    private final List<Commitment> commitments;
    /** The ranges of the date asked about last: a request asks about the slots of one date after another. */
    private LocalDate lastDate;
    private List<int[]> lastRanges = List.of();

    public ParticipantAgent(ParticipantSpec spec, int order) {
        this.name = spec.name();
        this.order = order;
        this.preferences = spec.preferences();
        this.commitments = new ArrayList<>(spec.commitments());
        List<TimeRange> sorted = new ArrayList<>(spec.availableTimes());
        sorted.sort((a, b) -> a.start() - b.start());
        for (TimeRange r : sorted) {
            List<int[]> day = available.computeIfAbsent(r.date(), d -> new ArrayList<>());
            int[] last = day.isEmpty() ? null : day.get(day.size() - 1);
            if (last != null && r.start() <= last[1]) {
                last[1] = Math.max(last[1], r.end());
            } else {
                day.add(new int[] {r.start(), r.end()});
            }
        }
    }

    public String name() { return name; }
    public int order() { return order; }
    public List<Commitment> commitments() { return List.copyOf(commitments); }

    boolean statesPreferences() {
        return !preferences.isEmpty();
    }

    /** A meeting decided during this negotiation now holds the participant. */
    public void book(Commitment c) {
        commitments.add(c);
    }

    /** The participant was taken away from this commitment: it no longer holds it. */
    public void release(Displacement d) {
        commitments.removeIf(c -> c.meeting().equals(d.meeting()) && c.time().equals(d.time()));
    }

    /** Answers every slot of the request, for every occurrence of the meeting. */
    public AvailabilityResponse answer(AvailabilityRequest request, Negotiation n) {
        List<Slot> slots = request.getSlots();
        int occ = n.getMeeting().occurrences();
        byte[] state = new byte[slots.size() * occ];
        int[] blocking = new int[slots.size()];
        double[] scores = new double[slots.size()];
        for (Slot s : slots) {
            for (int k = 0; k < occ; k++) {
                LocalDate date = n.occurrenceDate(s, k);
                int held = heldBy(n, date, s.start(), s.end());
                byte answer = !covered(n, date, s.start(), s.end()) ? AvailabilityResponse.NO
                        : held == 0 ? AvailabilityResponse.FREE : AvailabilityResponse.COMMITTED;
                state[s.index() * occ + k] = answer;
                blocking[s.index()] = Math.max(blocking[s.index()], answer == AvailabilityResponse.NO ? 0 : held);
                scores[s.index()] += preference(date, s.start(), s.end());
            }
        }
        return new AvailabilityResponse(this, n, request.getRound(), state, blocking, scores);
    }

    /** Whether a range covers [from, to): of the date when the negotiation compares dates, else of any date. */
    private boolean covered(Negotiation n, LocalDate date, int from, int to) {
        if (!n.isCompareDates()) {
            for (List<int[]> day : available.values()) {
                for (int[] r : day) {
                    if (r[0] <= from && to <= r[1]) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (!date.equals(lastDate)) {
            lastDate = date;
            lastRanges = available.getOrDefault(date, List.of());
        }
        for (int[] r : lastRanges) {
            if (r[0] <= from && to <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** The highest priority of the commitments overlapping [from, to) on the date, 0 when none does. */
    private int heldBy(Negotiation n, LocalDate date, int from, int to) {
        int highest = 0;
        for (Commitment c : commitments) {
            if (!c.meeting().equals(n.getMeeting().name()) && c.time().overlaps(date, from, to)) {
                highest = Math.max(highest, c.rank());
            }
        }
        return highest;
    }

    /** The best score among the preferences that contain the whole of [from, to) on the date; 0 when none does. */
    private double preference(LocalDate date, int from, int to) {
        double best = 0;
        for (Preference p : preferences) {
            if (p.time().covers(date, from, to)) {
                best = Math.max(best, p.score());
            }
        }
        return best;
    }

    List<Displacement> conflicts(Negotiation n, Slot s) {
        List<Displacement> out = new ArrayList<>();
        for (int k = 0; k < n.getMeeting().occurrences(); k++) {
            LocalDate date = n.occurrenceDate(s, k);
            for (Commitment c : commitments) {
                if (!c.meeting().equals(n.getMeeting().name()) && c.time().overlaps(date, s.start(), s.end())) {
                    out.add(new Displacement(c.meeting(), name, c.time()));
                }
            }
        }
        return out;
    }

    /** Why the participant cannot attend the slot, for the explanation (first reason found, occurrence by occurrence). */
    public String whyNot(Negotiation n, Slot s) {
        for (int k = 0; k < n.getMeeting().occurrences(); k++) {
            LocalDate date = n.occurrenceDate(s, k);
            TimeRange wanted = new TimeRange(date, s.start(), s.end());
            if (!covered(n, date, s.start(), s.end())) {
                return "not available for the whole of " + wanted + (n.isCompareDates() ? "" : " on any date");
            }
            for (Commitment c : commitments) {
                if (!c.meeting().equals(n.getMeeting().name()) && c.time().overlaps(date, s.start(), s.end())) {
                    return "held by '" + c.meeting() + "' " + c.time()
                            + (c.priority() == null ? " (no priority: never displaced)" : " (priority " + c.priority() + ")");
                }
            }
        }
        return "available";
    }
}
