package io.conclave.model.scheduling;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonValue;

import io.conclave.model.project.Between;

/**
 * A meeting held {@code count} times at the same time of day: on its date and then every {@code interval} days,
 * working days (Monday to Friday), weeks, months or years after it. A monthly meeting on the 29th-31st falls on the
 * last day of shorter months, a yearly one on 29 February on the 28th in other years. The original scheduler names
 * a recurrence by a word alone ({@code "weekly"}, {@code "monthly"}, "etc."): {@link #named} reads the words that
 * say a period, and the count is then {@link #UNSPECIFIED} until the policy sets one (rules/scheduling/scheduling.drl).
 */
public record Recurrence(
        @NotNull(message = "must be \"day\", \"weekday\", \"week\", \"month\" or \"year\"") Every every,
        @Occurrences int count, @Between(min = 1, max = MAX_INTERVAL) int interval) {
    /** The count of a recurrence named by a word, before the policy decided how many times it is held. */
    public static final int UNSPECIFIED = -1;
    /** The largest interval: every 12 days, weeks, months or years. */
    public static final int MAX_INTERVAL = 12;
    /** The words {@link #named} reads, for messages. */
    public static final String WORDS = "\"daily\", \"weekdays\", \"weekly\", \"biweekly\", \"monthly\", \"quarterly\" or \"yearly\"";

    /** Every period ({@code interval} 1). */
    public Recurrence(Every every, int count) {
        this(every, count, 1);
    }

    /**
     * A recurrence named by a word, or null for another word: "daily", "weekdays" (Monday to Friday), "weekly",
     * "biweekly" or "fortnightly" (every 2 weeks), "monthly", "quarterly" (every 3 months), "yearly" or "annually";
     * also the periods' own names ("day", "weekday", "week", "month", "year").
     */
    public static Recurrence named(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "daily", "day" -> new Recurrence(Every.DAY, UNSPECIFIED, 1);
            case "weekdays", "weekday" -> new Recurrence(Every.WEEKDAY, UNSPECIFIED, 1);
            case "weekly", "week" -> new Recurrence(Every.WEEK, UNSPECIFIED, 1);
            case "biweekly", "fortnightly" -> new Recurrence(Every.WEEK, UNSPECIFIED, 2);
            case "monthly", "month" -> new Recurrence(Every.MONTH, UNSPECIFIED, 1);
            case "quarterly" -> new Recurrence(Every.MONTH, UNSPECIFIED, 3);
            case "yearly", "annually", "year" -> new Recurrence(Every.YEAR, UNSPECIFIED, 1);
            default -> null;
        };
    }

    /** True when the request said how many times (not a word alone). */
    public boolean countGiven() {
        return count != UNSPECIFIED;
    }

    /** The same recurrence held {@code times} times. */
    public Recurrence times(int times) {
        return new Recurrence(every, times, interval);
    }

    /** How far apart the occurrences are. */
    @JsonClassDescription("\"day\", \"weekday\", \"week\", \"month\" or \"year\"")
    public enum Every {
        DAY("daily"), WEEKDAY("every working day"), WEEK("weekly"), MONTH("monthly"), YEAR("yearly");

        private final String adjective;

        Every(String adjective) {
            this.adjective = adjective;
        }

        /** The period as the request names it ("day", "weekday", ...). */
        @JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The period by its request name, or null. */
        public static Every of(String word) {
            for (Every e : values()) {
                if (e.word().equals(word)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** The date of occurrence {@code k} (0 = the first). */
    public LocalDate occurrence(LocalDate first, int k) {
        long steps = (long) k * interval;
        return switch (every) {
            case DAY -> first.plusDays(steps);
            case WEEKDAY -> workingDaysAfter(first, steps);
            case WEEK -> first.plusWeeks(steps);
            case MONTH -> first.plusMonths(steps);
            case YEAR -> first.plusYears(steps);
        };
    }

    /** The working day (Monday to Friday) {@code n} working days after {@code from}. */
    private static LocalDate workingDaysAfter(LocalDate from, long n) {
        LocalDate d = from.plusWeeks(n / 5);
        for (long left = n % 5; left > 0; ) {
            d = d.plusDays(1);
            if (working(d)) {
                left--;
            }
        }
        return d;
    }

    /** True from Monday to Friday. */
    public static boolean working(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** "4 weekly occurrences", "3 occurrences every 2 weeks" ("weekly occurrences" while the count is not decided). */
    public String describe() {
        String kind = interval == 1 ? every.adjective : "every " + interval + " " + every.word() + "s";
        if (!countGiven()) {
            return interval == 1 ? kind + " occurrences" : "occurrences " + kind;
        }
        String n = count + " occurrence" + (count == 1 ? "" : "s");
        return interval == 1 && every != Every.WEEKDAY ? count + " " + kind + " occurrence" + (count == 1 ? "" : "s")
                : n + " " + kind;
    }
}
