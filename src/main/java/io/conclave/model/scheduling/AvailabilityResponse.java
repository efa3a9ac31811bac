package io.conclave.model.scheduling;

import java.util.List;

import org.kie.api.definition.type.ClassReactive;

/**
 * One participant's answer to an {@link AvailabilityRequest}: for every slot and every occurrence,
 * whether it is available for the whole meeting and free of commitments, available but held by a
 * commitment (with the highest priority among those in the way), or not available. Plus its preference
 * score per slot. The original scheduler's {@code AvailabilityResponse}, for all slots in one message. Never modified
 * once inserted; the rules ask its {@link #getSlots() slots} about one slot.
 */
@ClassReactive
public final class AvailabilityResponse {
    static final byte NO = 0;
    static final byte FREE = 1;
    static final byte COMMITTED = 2;

    private final String negotiationId;
    private final int round;
    private final ParticipantAgent participant;
    private final Negotiation negotiation;
    private final int occurrences;
    private final byte[] state;
    private final int[] blocking;
    private final double[] scores;
    private final Slots slots;

    AvailabilityResponse(ParticipantAgent participant, Negotiation negotiation, int round, byte[] state,
                         int[] blocking, double[] scores) {
        this.negotiationId = negotiation.getId();
        this.round = round;
        this.participant = participant;
        this.negotiation = negotiation;
        this.occurrences = negotiation.getMeeting().occurrences();
        this.state = state;
        this.blocking = blocking;
        this.slots = new Slots(occurrences, state, blocking);
        this.scores = scores;
    }

    public String getNegotiationId() { return negotiationId; }
    public int getRound() { return round; }
    public String getParticipant() { return participant.name(); }
    public int getOrder() { return participant.order(); }

    /** True when the participant stated any preference (then slots are chosen by preference). */
    public boolean isStatedPreferences() {
        return participant.statesPreferences();
    }

    /** The answer slot by slot, which the rules ask about one slot ({@code slots.freeInEvery($s)}). */
    public Slots getSlots() { return slots; }

    /** The participant's preference score for the slot, summed over its occurrences. */
    public double scoreFor(Slot slot) {
        return scores[slot.index()];
    }

    /** The commitments the participant would leave to attend the slot, one per occurrence they overlap. */
    public List<Displacement> conflictsAt(Slot slot) {
        return participant.conflicts(negotiation, slot);
    }

    @Override
    public String toString() {
        return "answer of " + participant.name() + " to round " + round + " of " + negotiationId;
    }

    /** What a participant answered for each slot: free, available but held by commitments, or not available. */
    public static final class Slots {
        private final int occurrences;
        private final byte[] state;
        private final int[] blocking;

        private Slots(int occurrences, byte[] state, int[] blocking) {
            this.occurrences = occurrences;
            this.state = state;
            this.blocking = blocking;
        }

        /** Available for the whole slot, with no commitment in the way, in every occurrence. */
        public boolean freeInEvery(Slot slot) {
            for (int k = 0; k < occurrences; k++) {
                if (state[slot.index() * occurrences + k] != FREE) {
                    return false;
                }
            }
            return true;
        }

        /** Available for the whole slot in every occurrence, though perhaps held by a commitment. */
        public boolean availableInEvery(Slot slot) {
            for (int k = 0; k < occurrences; k++) {
                if (state[slot.index() * occurrences + k] == NO) {
                    return false;
                }
            }
            return true;
        }

        /** The highest priority among the commitments in the way of the slot (0: none; unmovable ones count as the maximum int). */
        public int blockingPriority(Slot slot) {
            return blocking[slot.index()];
        }
    }
}
