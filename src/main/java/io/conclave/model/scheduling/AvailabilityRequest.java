package io.conclave.model.scheduling;

import java.util.List;

/**
 * The coordinator's broadcast, the original scheduler's {@code AvailabilityRequest}, but with every candidate slot
 * at once: each invited participant answers with an {@link AvailabilityResponse}. The host marks it
 * answered once every participant has.
 */
public final class AvailabilityRequest {
    private final String negotiationId;
    private final int round;
    private final List<Slot> slots;
    private final List<String> participants;
    private final Slot nextSlot;
    private boolean answered;

    public AvailabilityRequest(Negotiation negotiation, int round, List<Slot> slots) {
        this(negotiation, round, slots, null);
    }

    /** {@code nextSlot}: in the hourly walk, the slot asked about next if this one is not agreed (null: none left). */
    public AvailabilityRequest(Negotiation negotiation, int round, List<Slot> slots, Slot nextSlot) {
        this.negotiationId = negotiation.getId();
        this.round = round;
        this.slots = List.copyOf(slots);
        this.participants = negotiation.getParticipants();
        this.nextSlot = nextSlot;
    }

    public String getNegotiationId() { return negotiationId; }
    public int getRound() { return round; }
    public List<Slot> getSlots() { return slots; }
    public List<String> getParticipants() { return participants; }
    public Slot getNextSlot() { return nextSlot; }
    public boolean isAnswered() { return answered; }
    public void setAnswered(boolean answered) { this.answered = answered; }

    @Override
    public String toString() {
        return "availability request of round " + round + " for " + negotiationId + ": " + slots.size()
                + " slot(s) to " + participants.size() + " participant(s)" + (answered ? ", answered" : "");
    }
}
