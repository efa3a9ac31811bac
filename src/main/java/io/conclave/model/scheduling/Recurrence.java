package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A meeting held {@code count} times: on its date and then every week or every month after it, at
 * the same time of day. A monthly meeting on the 29th-31st falls on the last day of shorter months.
 */
public record Recurrence(Every every, int count) {
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

    /** "4 weekly occurrences". */
    public String describe() {
        return count + " " + (every == Every.WEEK ? "weekly" : "monthly") + " occurrence" + (count == 1 ? "" : "s");
    }
}
