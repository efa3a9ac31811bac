package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fixed-width text of a date-time, which the serving key compares as text. */
class DatesTest {
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

    @Test
    void aDateTimeIsWrittenDigitByDigitAtAFixedWidth() {
        // each field at its width, zeros first: year 4, month, day, hour, minute, second 2, nanoseconds 9
        assertEquals("2024-01-15T09:00:00.000000000", Dates.fixedWidth(LocalDateTime.of(2024, 1, 15, 9, 0)));
        assertEquals("0007-12-31T23:59:59.000000042", Dates.fixedWidth(LocalDateTime.of(7, 12, 31, 23, 59, 59, 42)));
        assertEquals("9999-06-05T04:03:02.123456789",
                Dates.fixedWidth(LocalDateTime.of(9999, 6, 5, 4, 3, 2, 123_456_789)));
    }

    @Test
    void theTextIsTheFormattersAndItsOrderTimeOrderForAnyDateTime() {
        // outside the years 0-9999 the formatter writes a sign first (and the text is wider): the same text as before
        assertEquals("+10000-01-01T00:00:00.000000000", Dates.fixedWidth(LocalDateTime.of(10_000, 1, 1, 0, 0)));
        assertEquals("-0001-01-01T00:00:00.000000000", Dates.fixedWidth(LocalDateTime.of(-1, 1, 1, 0, 0)));
        SplittableRandom random = new SplittableRandom(7);
        LocalDateTime before = null;
        String beforeText = null;
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime at = LocalDateTime.of(random.nextInt(0, 10_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            String text = Dates.fixedWidth(at);
            assertEquals(PATTERN.format(at), text);
            if (before != null) {
                assertEquals(Integer.signum(before.compareTo(at)), Integer.signum(beforeText.compareTo(text)), text);
            }
            before = at;
            beforeText = text;
        }
        assertTrue(beforeText.length() == 29);
    }
}
