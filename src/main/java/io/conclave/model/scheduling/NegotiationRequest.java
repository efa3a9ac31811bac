package io.conclave.model.scheduling;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;

/**
 * Everything a negotiation needs: the meeting, the participants, the grain the candidate start times
 * step by (minutes, dividing 60; default 15), the definitions of booked meetings, by name, so that
 * a meeting displaced by a higher-priority one can be renegotiated among the participants who hold it,
 * how the participants are asked ({@link NegotiationMode}, default broadcast), and whether availability is
 * compared date by date ({@code compareDates} null: as the mode does by default).
 */
public record NegotiationRequest(@NotNull(message = "is required") @Valid MeetingToPlace meeting,
                                 @Listed(min = 1, max = NegotiationValidator.MAX_PARTICIPANTS,
                                         words = "must list 1 to " + NegotiationValidator.MAX_PARTICIPANTS
                                                 + " participants")
                                 List<@NotNull(message = "must be an object") @Valid ParticipantSpec> participants,
                                 @Grain int grainMinutes,
                                 @Listed(max = NegotiationValidator.MAX_BOOKED_MEETINGS,
                                         words = "at most " + NegotiationValidator.MAX_BOOKED_MEETINGS + " definitions")
                                 List<@NotNull(message = "is required") @Valid @ConvertGroup(to = MeetingToPlace.Booked.class)
                                      MeetingToPlace> bookedMeetings,
                                 NegotiationMode mode, Boolean compareDates) {
    public static final int DEFAULT_GRAIN = 15;

    public NegotiationRequest {
        participants = participants == null ? List.of() : List.copyOf(participants);
        bookedMeetings = bookedMeetings == null ? List.of() : List.copyOf(bookedMeetings);
        mode = mode == null ? NegotiationMode.BROADCAST : mode;
    }

    /** A broadcast negotiation that compares dates. */
    public NegotiationRequest(MeetingToPlace meeting, List<ParticipantSpec> participants, int grainMinutes,
                              List<MeetingToPlace> bookedMeetings) {
        this(meeting, participants, grainMinutes, bookedMeetings, NegotiationMode.BROADCAST, null);
    }

    /** A request at the default grain of 15 minutes, without booked-meeting definitions. */
    public static NegotiationRequest of(MeetingToPlace meeting, List<ParticipantSpec> participants) {
        return new NegotiationRequest(meeting, participants, DEFAULT_GRAIN, List.of());
    }

    public NegotiationRequest withGrain(int minutes) {
        return new NegotiationRequest(meeting, participants, minutes, bookedMeetings, mode, compareDates);
    }

    public NegotiationRequest withBookedMeetings(List<MeetingToPlace> definitions) {
        return new NegotiationRequest(meeting, participants, grainMinutes, definitions, mode, compareDates);
    }

    public NegotiationRequest withMode(NegotiationMode m) {
        return new NegotiationRequest(meeting, participants, grainMinutes, bookedMeetings, m, compareDates);
    }

    public NegotiationRequest withCompareDates(Boolean compare) {
        return new NegotiationRequest(meeting, participants, grainMinutes, bookedMeetings, mode, compare);
    }

    /** Whether availability is compared date by date: as asked, or as the mode does by default. */
    public boolean comparesDates() {
        return compareDates != null ? compareDates : mode.comparesDatesByDefault();
    }
}
