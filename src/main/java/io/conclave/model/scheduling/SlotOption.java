package io.conclave.model.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A way to hold the meeting at one slot: who would attend (in the request's participant order), which
 * commitments that would displace, and the attendees' total preference score. Each slot has an option
 * for the participants free for it; the rules may add one that also takes participants from
 * lower-priority commitments.
 */
public final class SlotOption {
    private final String negotiationId;
    private final Slot slot;
    private final List<AvailabilityResponse> answers;
    private final List<String> attendees;
    private final List<Displacement> displaced;
    private final double score;

    private SlotOption(String negotiationId, Slot slot, List<AvailabilityResponse> answers, List<Displacement> displaced) {
        this.negotiationId = negotiationId;
        this.slot = slot;
        this.answers = answers;
        this.attendees = answers.stream().map(AvailabilityResponse::getParticipant).toList();
        this.displaced = List.copyOf(displaced);
        double sum = 0;
        for (AvailabilityResponse a : answers) {
            sum += a.scoreFor(slot);
        }
        this.score = Math.round(sum * 1e6) / 1e6;
    }

    /** The slot held with the participants whose answers are given (answers of one negotiation). */
    public static SlotOption offer(Negotiation n, Slot slot, List<?> answers) {
        return new SlotOption(n.getId(), slot, ordered(answers), List.of());
    }

    /** This option with more participants, taken from the commitments that hold them at this slot. */
    public SlotOption displacing(List<?> taken) {
        List<Object> all = new ArrayList<>(answers);
        all.addAll(taken);
        List<Displacement> moved = new ArrayList<>(displaced);
        for (AvailabilityResponse a : ordered(taken)) {
            moved.addAll(a.conflictsAt(slot));
        }
        return new SlotOption(negotiationId, slot, ordered(all), moved);
    }

    private static List<AvailabilityResponse> ordered(List<?> answers) {
        List<AvailabilityResponse> out = new ArrayList<>();
        answers.forEach(o -> out.add((AvailabilityResponse) o));
        out.sort(Comparator.comparingInt(AvailabilityResponse::getOrder));
        return out;
    }

    public String getNegotiationId() { return negotiationId; }
    public Slot getSlot() { return slot; }
    public List<String> getAttendees() { return attendees; }
    public int getAttendeeCount() { return attendees.size(); }
    public List<Displacement> getDisplaced() { return displaced; }
    public boolean isDisplacing() { return !displaced.isEmpty(); }
    public double getScore() { return score; }

    /** "2024-07-21 10:00-11:00 with 2 (Alice, Bob)", plus what it displaces. */
    @Override
    public String toString() {
        String who = attendees.isEmpty() ? "" : " (" + String.join(", ", attendees) + ")";
        String moved = displaced.isEmpty() ? "" : ", displacing " + displaced.stream()
                .map(d -> d.participant() + " from '" + d.meeting() + "'").collect(Collectors.joining(", "));
        return slot + " with " + attendees.size() + who + moved;
    }
}
