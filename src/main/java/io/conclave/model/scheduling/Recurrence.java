package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A meeting held {@code count} times: on its date and then every week or every month after it, at
 * the same time of day. A monthly meeting on the 29th-31st falls on the last day of shorter months.
 * The original scheduler names a recurrence by a word alone ({@code "weekly"}, {@code "monthly"}): its
 * count is then {@link #UNSPECIFIED} until the policy sets one (rules/scheduling/scheduling.drl).
 */
public record Recurrence(Every every, int count) {
    /** The count of a recurrence named by a word, before the policy decided how many times it is held. */
    public static final int UNSPECIFIED = -1;

    /** A recurrence named by a word ("weekly", "monthly"; also "week", "month"), or null for another word. */
    public static Recurrence named(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "weekly", "week" -> new Recurrence(Every.WEEK, UNSPECIFIED);
            case "monthly", "month" -> new Recurrence(Every.MONTH, UNSPECIFIED);
            default -> null;
        };
    }

    /** True when the request said how many times (not a word alone). */
    public boolean countGiven() {
        return count != UNSPECIFIED;
    }

    /** The same recurrence held {@code times} times. */
    public Recurrence times(int times) {
        return new Recurrence(every, times);
    }

    /** How far apart the occurrences are. */
    public enum Every {
        WEEK, MONTH;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The date of occurrence {@code k} (0 = the first). */
    public LocalDate occurrence(LocalDate first, int k) {
        return every == Every.WEEK ? first.plusWeeks(k) : first.plusMonths(k);
    }

    /** "4 weekly occurrences" ("weekly occurrences" while the count is not decided). */
    public String describe() {
        String kind = every == Every.WEEK ? "weekly" : "monthly";
        return countGiven() ? count + " " + kind + " occurrence" + (count == 1 ? "" : "s") : kind + " occurrences";
    }
}
