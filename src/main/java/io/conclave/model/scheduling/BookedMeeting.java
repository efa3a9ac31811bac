package io.conclave.model.scheduling;

import java.util.List;

/**
 * The definition of a meeting participants have already booked (a commitment of that name), given
 * with the request so that, if a higher-priority meeting displaces it, it can be renegotiated among
 * the participants who hold it. {@code order} is its position in the request.
 */
public final class BookedMeeting {
    private final MeetingToPlace meeting;
    private final List<String> holders;
    private final int grainMinutes;
    private final int order;

    public BookedMeeting(MeetingToPlace meeting, List<String> holders, int grainMinutes, int order) {
        this.meeting = meeting;
        this.holders = List.copyOf(holders);
        this.grainMinutes = grainMinutes;
        this.order = order;
    }

    public String getName() { return meeting.name(); }
    public int getOrder() { return order; }
    public List<String> getHolders() { return holders; }

    /** The id its renegotiation runs under. */
    public String getNegotiationId() {
        return "rebook:" + meeting.name();
    }

    /** A negotiation of this meeting among its holders. */
    public Negotiation toNegotiation(boolean mayDisplace) {
        return new Negotiation(getNegotiationId(), meeting, holders, grainMinutes, mayDisplace, true);
    }

    @Override
    public String toString() {
        return "booked meeting '" + meeting.name() + "' held by " + holders;
    }
}
