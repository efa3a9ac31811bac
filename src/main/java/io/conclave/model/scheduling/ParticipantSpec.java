package io.conclave.model.scheduling;

import java.util.List;

/** A participant of a negotiation: when it is available, what it prefers, and what it has already booked. */
public record ParticipantSpec(String name, List<TimeRange> availableTimes, List<Preference> preferences,
                              List<Commitment> commitments) {

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
