package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The dates of project files, read and written by hand for the common shapes: each compared with what the JDK's
 * formatters read and write for the same text or value, over 20,000 values drawn with a fixed seed and the edges
 * (leap days, the ends of the years a fixed width holds, a year beyond them).
 */
class DatesTest {
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

    @Test
    void theFixedWidthTextIsWhatTheFormatterWrites() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime at = LocalDateTime.of(rnd.nextInt(0, 10_000), 1, 1, 0, 0)
                    .plusSeconds(rnd.nextLong(0, 366L * 86_400)).withNano(i % 3 == 0 ? 0 : rnd.nextInt(1_000_000_000));
            assertEquals(FIXED.format(at), Dates.fixedWidth(at), at.toString());
        }
        for (LocalDateTime edge : new LocalDateTime[] {LocalDateTime.of(0, 1, 1, 0, 0),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), LocalDateTime.of(10_000, 1, 1, 0, 0),
                LocalDateTime.of(-1, 6, 1, 12, 0), LocalDateTime.of(2024, 2, 29, 9, 0, 0, 1)}) {
            assertEquals(FIXED.format(edge), Dates.fixedWidth(edge), edge.toString());
        }
        assertEquals("2024-01-15T09:00:00.000000000", Dates.fixedWidth(LocalDateTime.of(2024, 1, 15, 9, 0)));
    }

    @Test
    void everyTextReadsAsTheFormattersReadIt() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime at = LocalDateTime.of(rnd.nextInt(0, 10_000), 1, 1, 0, 0).plusSeconds(rnd.nextLong(0, 366L * 86_400));
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", at.getYear(), at.getMonthValue(),
                    at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond());
            assertEquals(at, Dates.parse(text), text);
            assertEquals(reference(text.substring(0, 10)), outcome(text.substring(0, 10)), text);
        }
        // other shapes (read by the formatters), and texts out of range or of no shape (refused by them, in their words)
        for (String text : new String[] {"2024-01-15T09:30", "2024-01-15T09:30:00.5", "2024-01-15T09:00:00+02:00",
                "2024-02-29", "0000-01-01", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31T09:00:00",
                "2024-01-15T24:00:00", "2024-01-15T09:60:00", "2024-01-15T09:00:60", "2024-01-1x", "2024/01/15",
                "2024-01-15 09:00:00", "2024-01-15T09:00:0Z", "+2024-01-15", "-001-01-01", "2024-1-15"}) {
            assertEquals(reference(text), outcome(text), text);
        }
    }

    /** What the formatters alone make of {@code text}: the date-time, or the refusal's words. */
    private static String reference(String text) {
        try {
            try {
                return LocalDateTime.parse(text).toString();
            } catch (DateTimeParseException notLocal) {
                try {
                    return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
                } catch (DateTimeParseException notOffset) {
                    return LocalDate.parse(text).atStartOfDay().toString();
                }
            }
        } catch (DateTimeParseException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    private static String outcome(String text) {
        try {
            return Dates.parse(text).toString();
        } catch (DateTimeParseException refused) {
            return "refused: " + refused.getMessage();
        }
    }
}
