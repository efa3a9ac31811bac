package io.conclave.model;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the dates of project files: "2024-01-15T09:00:00", "2024-01-15", or with an offset, which is
 * converted to UTC so dates written with different offsets still order correctly.
 */
public final class Dates {
    /** Fixed-width text of a date-time (nanoseconds included), so that text order is time order. */
    private static final DateTimeFormatter FIXED_WIDTH = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

    private Dates() {
    }

    /**
     * "2024-01-15T09:00:00.000000000": every date-time the same width, so text order is time order (the rules'
     * serving key compares dates as text). The formatter is made once: making it per call cost more than the rest.
     */
    public static String fixedWidth(LocalDateTime at) {
        return FIXED_WIDTH.format(at);
    }

    /** The local date-time, null for null input; throws {@link DateTimeParseException} on anything else. */
    public static LocalDateTime parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException notLocal) {
            try {
                return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } catch (DateTimeParseException notOffset) {
                return LocalDate.parse(text).atStartOfDay();
            }
        }
    }
}
