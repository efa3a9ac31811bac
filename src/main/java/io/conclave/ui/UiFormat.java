package io.conclave.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** How the templates print numbers, instants and statuses: short and the same on every page. */
@TemplateExtension
public final class UiFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UiFormat() {
    }

    /** A percentage without decimals: 45.8 -> "46%". */
    static String pct(double value) {
        return Math.round(value) + "%";
    }

    /** A score or an hour count with at most one decimal; empty for none. */
    static String num(Double value) {
        if (value == null) {
            return "";
        }
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    /** An instant in UTC to the second; empty for none. */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** A status as words: IN_PROGRESS -> "in progress". */
    static String words(String status) {
        return status == null ? "" : status.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
