package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The REST body of a negotiation (the original scheduler's shape, snake_case) as typed records, bound through the
 * shared binder like every other input: unknown fields refused (with the known field meant), values of the wrong
 * type reported at their JSON paths, required fields said to be required. Times of day and lengths are hours as a
 * number (9.5 = 09:30) or "HH:MM" text ({@link TimeOfDay}, {@link Length}); a recurrence is a word ("weekly") or an
 * object ({@link RecurrenceBody}). The fields are declared in the order problems are reported. What the values
 * mean, alone and together, is {@link NegotiationValidator}'s to judge on the {@link NegotiationRequest} that
 * {@link #toRequest()} makes. Absent and null are the same.
 */
public record NegotiationBody(@NotNull(message = "is required") @Valid MeetingBody meeting,
                              @NotNull(message = "is required")
                              @Listed(max = NegotiationValidator.MAX_PARTICIPANTS, words = "at most "
                                      + NegotiationValidator.MAX_PARTICIPANTS + " entries")
                              List<@NotNull(message = "is required") @Valid ParticipantBody> participants,
                              Integer grainMinutes,
                              @Listed(max = NegotiationValidator.MAX_BOOKED_MEETINGS, words = "at most "
                                      + NegotiationValidator.MAX_BOOKED_MEETINGS + " entries")
                              List<@NotNull(message = "is required") @Valid MeetingBody> bookedMeetings,
                              NegotiationMode mode, Boolean compareDates) {
    private static final String ENTRIES = "at most " + NegotiationValidator.MAX_ENTRIES + " entries";

    /** The request the body asks for, with the defaults of what it leaves out. */
    public NegotiationRequest toRequest() {
        return new NegotiationRequest(meeting.toMeeting(), participants.stream().map(ParticipantBody::toSpec).toList(),
                grainMinutes == null ? NegotiationRequest.DEFAULT_GRAIN : grainMinutes,
                bookedMeetings == null ? List.of() : bookedMeetings.stream().map(MeetingBody::toMeeting).toList(),
                mode, compareDates);
    }

    /** A meeting: the one to place, or a booked one's definition. */
    public record MeetingBody(@NotNull(message = "is required") String name,
                              @NotNull(message = "is required") LocalDate date, LocalDate latestDate,
                              @NotNull(message = "is required") Length duration,
                              @NotNull(message = "is required") Integer minimumParticipants, Integer priority,
                              @Valid WindowBody window, @Valid RecurrenceBody recurrence) {
        MeetingToPlace toMeeting() {
            int start = window == null || window.startTime() == null ? MeetingToPlace.DEFAULT_WINDOW_START
                    : window.startTime().minutes();
            int end = window == null || window.endTime() == null ? MeetingToPlace.DEFAULT_WINDOW_END
                    : window.endTime().minutes();
            return new MeetingToPlace(name, date, latestDate, duration.minutes(), minimumParticipants, priority, start, end,
                    recurrence == null ? null : recurrence.toRecurrence());
        }
    }

    /** The hours of the day a meeting may take (default 08:00-18:00). */
    public record WindowBody(TimeOfDay startTime, TimeOfDay endTime) {
    }

    /**
     * How a meeting recurs: a word alone ("weekly": the policy decides how many times), or every {@code interval}
     * (default 1) periods, {@code count} times.
     */
    @JsonClassDescription(RecurrenceBody.WORD_OR_OBJECT)
    public record RecurrenceBody(@NotNull(message = "is required") Recurrence.Every every,
                                 @NotNull(message = "is required") Integer count, Integer interval) {
        static final String WORD_OR_OBJECT = Recurrence.WORDS + ", or { \"every\": \"day\" | \"weekday\" | \"week\" | "
                + "\"month\" | \"year\", \"interval\"?: 1-" + Recurrence.MAX_INTERVAL + ", \"count\": 1-"
                + NegotiationValidator.MAX_OCCURRENCES + " }";

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public RecurrenceBody {
        }

        /** A recurrence named by a word ({@link Recurrence#named}); its count is left to the policy. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static RecurrenceBody word(String word) {
            Recurrence named = Recurrence.named(word);
            if (named == null) {
                throw new IllegalArgumentException("not a recurrence word: " + word);
            }
            return new RecurrenceBody(named.every(), named.count(), named.interval());
        }

        Recurrence toRecurrence() {
            return new Recurrence(every, count, interval == null ? 1 : interval);
        }
    }

    /** A participant: when it is free, what it prefers, what it has booked. */
    public record ParticipantBody(@NotNull(message = "is required") String name,
                                  @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                                  List<@NotNull(message = "is required") @Valid TimeRangeBody> availableTimes,
                                  @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                                  List<@NotNull(message = "is required") @Valid PreferenceBody> preferences,
                                  @Listed(max = NegotiationValidator.MAX_ENTRIES, words = ENTRIES)
                                  List<@NotNull(message = "is required") @Valid CommitmentBody> commitments) {
        ParticipantSpec toSpec() {
            return new ParticipantSpec(name,
                    availableTimes == null ? List.of() : availableTimes.stream().map(TimeRangeBody::toRange).toList(),
                    preferences == null ? List.of() : preferences.stream()
                            .map(p -> new Preference(range(p.date(), p.startTime(), p.endTime()), p.score())).toList(),
                    commitments == null ? List.of() : commitments.stream().map(c -> new Commitment(c.meeting(),
                            range(c.date(), c.startTime(), c.endTime()), c.priority())).toList());
        }
    }

    /** A date and a time of day from and until. */
    public record TimeRangeBody(@NotNull(message = "is required") LocalDate date,
                                @NotNull(message = "is required") TimeOfDay startTime,
                                @NotNull(message = "is required") TimeOfDay endTime) {
        TimeRange toRange() {
            return range(date, startTime, endTime);
        }
    }

    /** A time the participant prefers, with a score. */
    public record PreferenceBody(@NotNull(message = "is required") LocalDate date,
                                 @NotNull(message = "is required") TimeOfDay startTime,
                                 @NotNull(message = "is required") TimeOfDay endTime,
                                 @NotNull(message = "is required") Double score) {
    }

    /** A meeting the participant has booked at a time ({@code priority} null: never displaced). */
    public record CommitmentBody(@NotNull(message = "is required") LocalDate date,
                                 @NotNull(message = "is required") TimeOfDay startTime,
                                 @NotNull(message = "is required") TimeOfDay endTime,
                                 @NotNull(message = "is required") String meeting, Integer priority) {
    }

    private static TimeRange range(LocalDate date, TimeOfDay start, TimeOfDay end) {
        return new TimeRange(date, start.minutes(), end.minutes());
    }

    /** A time of day in whole minutes from 0 to 1440, read from hours (9.5) or "HH:MM" ({@link DayTime#minutes}). */
    @JsonClassDescription("a time of day: hours from 0 to 24 as a number in whole minutes (9.5 = 09:30) or \"HH:MM\" "
            + "from 00:00 to 24:00")
    public static final class TimeOfDay {
        private final int minutes;

        /** What was read, and its minutes (two arguments: a single int would be read as a creator of its own). */
        private TimeOfDay(JsonNode read, int minutes) {
            this.minutes = minutes;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static TimeOfDay of(JsonNode value) {
            Integer m = DayTime.minutes(value);
            if (m == null) {
                throw new IllegalArgumentException("not a time of day: " + value);
            }
            return new TimeOfDay(value, m);
        }

        public int minutes() {
            return minutes;
        }
    }

    /** A length in whole minutes up to 24 h, read from hours (1.5) or "H:MM" ({@link DayTime#minutes}). */
    @JsonClassDescription("a length: hours as a number in whole minutes (1.5 = 1 h 30 min) or \"H:MM\", at most 24 h")
    public static final class Length {
        private final int minutes;

        /** What was read, and its minutes (two arguments: a single int would be read as a creator of its own). */
        private Length(JsonNode read, int minutes) {
            this.minutes = minutes;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Length of(JsonNode value) {
            Integer m = DayTime.minutes(value);
            if (m == null) {
                throw new IllegalArgumentException("not a length: " + value);
            }
            return new Length(value, m);
        }

        public int minutes() {
            return minutes;
        }
    }
}
