package io.conclave.model.scheduling;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A participant of a negotiation: when it is available, what it prefers, and what it has already booked. */
public record ParticipantSpec(@Label String name,
                              @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                              List<@NotNull(message = "must be an object") @Valid TimeRange> availableTimes,
                              @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                              List<@NotNull(message = "must be an object") @Valid Preference> preferences,
                              @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                              List<@NotNull(message = "must be an object") @Valid Commitment> commitments) {
    /** The limit of each list, as a problem says it. */
    static final String ENTRIES = "at most " + NegotiationValidator.MAX_ENTRIES + " entries";

    public ParticipantSpec {
        availableTimes = availableTimes == null ? List.of() : List.copyOf(availableTimes);
        preferences = preferences == null ? List.of() : List.copyOf(preferences);
        commitments = commitments == null ? List.of() : List.copyOf(commitments);
    }

    /** A participant with availability only, the original scheduler's {@code Participant(name, available_times)}. */
    public static ParticipantSpec of(String name, TimeRange... availableTimes) {
        return new ParticipantSpec(name, List.of(availableTimes), List.of(), List.of());
    }

    public ParticipantSpec withPreferences(Preference... more) {
        return new ParticipantSpec(name, availableTimes, List.of(more), commitments);
    }

    public ParticipantSpec withCommitments(Commitment... more) {
        return new ParticipantSpec(name, availableTimes, preferences, List.of(more));
    }
}
