package io.conclave.model;

import java.time.DateTimeException;
import java.time.Instant;
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

    /** How many digits the year, month, day, hour, minute, second and nanoseconds take, and what comes between. */
    private static final int[] WIDTHS = {4, 2, 2, 2, 2, 2, 9};
    private static final byte[] SEPARATORS = {'-', '-', 'T', ':', ':', '.'};

    private Dates() {
    }

    /**
     * "2024-01-15T09:00:00.000000000": every date-time the same width, so text order is time order (the rules'
     * serving key compares dates as text, one for each task a serving queue takes in). Written digit by digit for the
     * years 0 to 9999, the formatter's text for the others (a sign before the year): a formatter's walk through its
     * fields cost more than the rest of a serving key.
     */
    public static String fixedWidth(LocalDateTime at) {
        int year = at.getYear();
        if (year < 0 || year > 9999) {
            return FIXED_WIDTH.format(at);
        }
        byte[] b = new byte[29];
        fields(b, year, at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond(),
                at.getNano());
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the fields of a date-time from the start of {@code b}, each in its width ({@link #WIDTHS}) with its
     * separator before it ({@link #SEPARATORS}); returns where the last one ends.
     */
    private static int fields(byte[] b, int... values) {
        int pos = 0;
        for (int f = 0; f < values.length; f++) {
            if (f > 0) {
                b[pos++] = SEPARATORS[f - 1];
            }
            digits(b, pos, values[f], WIDTHS[f]);
            pos += WIDTHS[f];
        }
        return pos;
    }

    /** Writes {@code value} (not negative) as {@code width} decimal digits at {@code at}, zeros first. */
    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The instant of {@code "2026-12-01T09:31:23Z"} or {@code "2026-12-01T09:31:23.123456789Z"} (one to nine digits of
     * a second), as the service writes its instants in journals and histories, read digit by digit; null for any other
     * text (another year's width, an offset, a leap second, lower case, a date that does not exist), which the JDK's
     * formatter reads or refuses. The formatter's walk through its fields took a third of reading a page of messages
     * back from a conversation's history (docs/benchmarks.md, "the twenty-second session").
     */
    public static Instant canonicalInstant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (n > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nanos = n > 20 ? number(text, 20, n - 21) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || nanos < 0) {
            return null;
        }
        for (int i = n - 21; i < 9; i++) {
            nanos *= 10;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDate) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds: the instants {@link #canonicalText} writes itself. */
    private static final long FIRST_WRITTEN = -62_167_219_200L;
    private static final long LAST_WRITTEN = 253_402_300_799L;

    /**
     * The text of {@code at} as {@link Instant#toString} gives it ({@code "2026-12-01T09:31:23.120Z"}: the fraction of
     * a second in three, six or nine digits, as many as it needs, none for a whole second), written digit by digit for
     * the years 0 to 9999 and by the JDK for the others. Every journal line, history line and inbox item carries one or
     * two: with the formatter's walk through its fields, a message's history line took 0.91 us to write, 0.72 without
     * (docs/benchmarks.md, "the twenty-fourth session").
     */
    public static String canonicalText(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < FIRST_WRITTEN || seconds > LAST_WRITTEN) {
            return at.toString();
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int second = (int) Math.floorMod(seconds, 86_400);
        int nanos = at.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        byte[] b = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
        int pos = fields(b, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), second / 3_600, second / 60 % 60,
                second % 60);
        if (fraction > 0) {
            b[pos++] = '.';
            digits(b, pos, nanos / (fraction == 3 ? 1_000_000 : fraction == 6 ? 1_000 : 1), fraction);
            pos += fraction;
        }
        b[pos] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The {@code width} decimal digits of {@code text} from {@code at}, -1 when one is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
