package io.conclave.model.scheduling;

import java.util.List;

/**
 * Everything a negotiation needs: the meeting, the participants, the grain the candidate start times
 * step by (minutes, dividing 60; default 15), and the definitions of booked meetings, by name, so that
 * a meeting displaced by a higher-priority one can be renegotiated among the participants who hold it.
 */
public record NegotiationRequest(MeetingToPlace meeting, List<ParticipantSpec> participants, int grainMinutes,
                                 List<MeetingToPlace> bookedMeetings) {
    public static final int DEFAULT_GRAIN = 15;

    public NegotiationRequest {
        participants = participants == null ? List.of() : List.copyOf(participants);
        bookedMeetings = bookedMeetings == null ? List.of() : List.copyOf(bookedMeetings);
    }

    /** A request at the default grain of 15 minutes, without booked-meeting definitions. */
    public static NegotiationRequest of(MeetingToPlace meeting, List<ParticipantSpec> participants) {
        return new NegotiationRequest(meeting, participants, DEFAULT_GRAIN, List.of());
    }

    public NegotiationRequest withGrain(int minutes) {
        return new NegotiationRequest(meeting, participants, minutes, bookedMeetings);
    }

    public NegotiationRequest withBookedMeetings(List<MeetingToPlace> definitions) {
        return new NegotiationRequest(meeting, participants, grainMinutes, definitions);
    }
}
