package io.conclave.model.scheduling;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Times of day and lengths in whole minutes. Input may be hours as a number (the original scheduler's ints;
 * fractions allowed: 9.5 = 09:30) or "H:MM" / "HH:MM" text; output is always "HH:MM".
 */
public final class DayTime {
    /** Minutes in a day; "24:00" (end of day) is the latest time there is. */
    public static final int DAY = 24 * 60;
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");
    /** A number of hours is accepted when it is within 0.01 minute of a whole minute (9.3333 = 09:20). */
    private static final double MINUTE_TOLERANCE = 0.01;

    private DayTime() {
    }

    /** Minutes from 0 to 1440 of a JSON value, or null when it is neither such a number of hours nor "HH:MM". */
    public static Integer minutes(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return fromHours(value.doubleValue());
        }
        if (value.isTextual()) {
            return fromClock(value.textValue().strip());
        }
        return null;
    }

    static Integer fromHours(double hours) {
        if (!Double.isFinite(hours) || hours < 0 || hours > 24) {
            return null;
        }
        double m = hours * 60;
        long whole = Math.round(m);
        return Math.abs(m - whole) > MINUTE_TOLERANCE ? null : (int) whole;
    }

    static Integer fromClock(String text) {
        Matcher m = CLOCK.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (min > 59 || h > 24 || (h == 24 && min > 0)) {
            return null;
        }
        return h * 60 + min;
    }

    /** "09:30"; the end of the day is "24:00". */
    public static String format(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    /** A length in words: "1 h", "1 h 30 min", "45 min". */
    public static String length(int minutes) {
        int h = minutes / 60;
        int m = minutes % 60;
        if (h == 0) {
            return m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
