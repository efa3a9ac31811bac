package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Instants read digit by digit in the form the service writes them, and everything else as the JDK reads it: the
 * mappers give what {@link JavaTimeModule} alone gives, for every text it reads and every text it refuses.
 */
class InstantsTest {
    /** The JDK's reading alone, the yardstick. */
    private static final ObjectMapper JDK = new ObjectMapper().registerModule(new JavaTimeModule());
    /** The JDK's writing alone, as text (the module's default is a number). */
    private static final ObjectWriter JDK_TEXT = JDK.writer().without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** The first and last seconds of the years 0000-9999, the ones the service reads and writes digit by digit. */
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /**
     * An instant of a second from {@code first} to {@code last}: a whole second, milliseconds, microseconds or any
     * nanoseconds, by turns ({@code i}).
     */
    private static Instant instant(SplittableRandom random, int i, long first, long last) {
        int nanos = switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
    }

    @Test
    void theServicesOwnInstantsAreReadAsTheFormatterReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            // years 0000-9999, as Jackson writes them
            Instant at = instant(random, i, FIRST, LAST);
            String text = Json.MAPPER.writeValueAsString(at);
            String bare = text.substring(1, text.length() - 1);
            assertEquals(at, Dates.canonicalInstant(bare), bare);
            assertEquals(Instant.parse(bare), Dates.canonicalInstant(bare), bare);
            assertEquals(at, Json.MAPPER.readValue(text, Instant.class), bare);
            assertEquals(at, Json.JOURNAL.readValue(text, Instant.class), bare);
        }
        // one to nine digits of a second, each a fraction of it: ".5" is half a second, as the formatter reads it
        assertEquals(Instant.parse("2026-12-01T09:31:23.5Z"), Dates.canonicalInstant("2026-12-01T09:31:23.5Z"));
        assertEquals(500_000_000, Dates.canonicalInstant("2026-12-01T09:31:23.5Z").getNano());
        assertEquals(Instant.parse("2024-02-29T23:59:59.000000001Z"),
                Dates.canonicalInstant("2024-02-29T23:59:59.000000001Z"));
    }

    @Test
    void instantsAreWrittenAsTheJdksFormatterWritesThem() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            // every year the writer writes itself and some either side of it (the JDK's text there: a sign, 5 digits)
            Instant at = i % 10 == 9 ? instant(random, i, FIRST - 1_000_000_000L, LAST + 1_000_000_000L)
                    : instant(random, i, FIRST, LAST);
            assertEquals(at.toString(), Dates.canonicalText(at), at::toString);
            assertEquals(JDK_TEXT.writeValueAsString(at), Json.MAPPER.writeValueAsString(at), at::toString);
        }
        // the edges: the first and last seconds it writes, the ones beyond them, a fraction in each of its three widths
        for (String text : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.000000001Z",
                "2026-12-01T09:31:23.120Z", "2026-12-01T09:31:23.000120Z", "2026-12-01T09:31:23.000000120Z",
                "2024-02-29T23:59:59Z")) {
            assertEquals(text, Dates.canonicalText(Instant.parse(text)));
        }
        // and the mappers' writer of an instant is this one, not the module's it was registered after
        for (ObjectMapper m : List.of(Json.MAPPER, Json.JOURNAL)) {
            Object writer = m.getSerializerProviderInstance().findValueSerializer(Instant.class);
            assertTrue(writer instanceof Json.InstantText, String.valueOf(writer));
        }
    }

    @Test
    void anyOtherTextIsLeftToTheFormatterWhichReadsOrRefusesItAsBefore() throws Exception {
        // not the service's form: read by the JDK (an offset, lower case), or refused by it (no such date or time)
        List<String> others = List.of("2026-12-01T09:31:23+01:00", "2026-12-01t09:31:23z", "2026-12-01T09:31:23.Z",
                "2026-12-01T09:31:23.1234567890Z", "+10000-01-01T00:00:00Z", "2026-12-01T09:31Z", "2026-12-01",
                "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T23:60:00Z",
                "2026-12-01T23:59:60Z", "2026-12-01T23:59:5xZ", "2026-12-01 09:31:23Z", "", "yesterday");
        for (String text : others) {
            assertNull(Dates.canonicalInstant(text), text);
            String json = "\"" + text + "\"";
            Instant expected;
            try {
                expected = JDK.readValue(json, Instant.class);
            } catch (JsonMappingException refused) {
                assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue(json, Instant.class), text);
                continue;
            }
            assertEquals(expected, Json.MAPPER.readValue(json, Instant.class), text);
        }
        // so some are read (the offset, the leap second as the formatter takes it) and some refused
        assertEquals(Instant.parse("2026-12-01T08:31:23Z"), Json.MAPPER.readValue("\"2026-12-01T09:31:23+01:00\"",
                Instant.class));
        assertThrows(DateTimeParseException.class, () -> Instant.parse("2023-02-29T00:00:00Z"));
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue("\"2023-02-29T00:00:00Z\"",
                Instant.class));
        // numbers are the JDK module's too: seconds since the epoch, with a fraction
        assertEquals(JDK.readValue("1764581483.25", Instant.class), Json.MAPPER.readValue("1764581483.25",
                Instant.class));
        // and the mappers' reader of an instant is this one, not the module's it was registered after
        for (ObjectMapper m : List.of(Json.MAPPER, Json.JOURNAL)) {
            assertTrue(m.getRegisteredModuleIds().contains(Json.INSTANTS));
            var ctxt = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) m.getDeserializationContext())
                    .createInstance(m.getDeserializationConfig(), null, null);
            Object reader = ctxt.findRootValueDeserializer(m.constructType(Instant.class));
            assertTrue(reader instanceof Json.Instants, String.valueOf(reader));
        }
    }
}
