package io.conclave.model;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * The one JSON configuration of Conclave, used by the REST layer and the journal alike: snake_case
 * names, unknown fields ignored, ISO dates, map keys sorted so output is byte-for-byte stable. Null
 * fields are written (a task without assignee says {@code "assignee": null}), so every answer of a
 * kind has the same shape.
 * <p>
 * Input is read strictly: a document followed by anything but white space is refused (trailing
 * tokens, a second document), and no scalar is coerced into another type: a number or a boolean is
 * not an id ({@code "project_id": 1}), a string is not a number ({@code "seed": "12"}) or a boolean,
 * a fraction is not an integer. Each refusal names the JSON path of the value.
 * <p>
 * {@link #JOURNAL} reads what the service wrote or accepted before these checks, and nothing else:
 * a journal keeps the request bodies it accepted, and replaying them must not fail because the input
 * rules became stricter since.
 */
public final class Json {
    /** A mapper for code outside CDI (reading request bodies, project files, the command line, tests). */
    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /**
     * For journals only: the same conventions without the input checks of {@link #MAPPER}, so entries
     * accepted by an earlier version (a {@code "seed": "12"} it coerced) still replay as they ran.
     */
    public static final ObjectMapper JOURNAL = lenient(new ObjectMapper());

    /**
     * Writes the JSON lines of files (journals, histories) as UTF-8: a character outside the basic plane as its four
     * bytes, as the text's own encoding gives it (Jackson would write it as two escapes otherwise); a lone surrogate,
     * which has no UTF-8, as its escape, so the line reads back as the text that was accepted.
     */
    public static final ObjectWriter LINES = MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    private Json() {
    }

    /** The conventions plus the strict input checks (the REST layer's mapper is configured by this too). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        conventions(mapper)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        // ids and names are text: refuse numbers and booleans where a string goes
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // numbers and booleans are not read out of strings (or out of each other)
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    private static ObjectMapper lenient(ObjectMapper mapper) {
        // a snapshot holds a long-lived project's ledger as one string of tens of megabytes (about 20 MB after some
        // 34,000 commands): the journal reader reads back what the service wrote, so Jackson's 20 MB default for one
        // string does not apply (request bodies, read by MAPPER, keep it)
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build());
        return conventions(mapper);
    }

    /**
     * Instants in the form the service writes them ({@link Dates#canonicalInstant}) read digit by digit; any other
     * text or number by the JDK's formatter, as {@link JavaTimeModule} reads it (so what it accepts and refuses, and
     * how, is unchanged). Registered after that module, which it overrides for {@link Instant}.
     */
    static final class Instants extends StdScalarDeserializer<Instant> {
        Instants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant at = Dates.canonicalInstant(p.getText());
                if (at != null) {
                    return at;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    /** Writes an instant as {@link Dates#canonicalText}: the JDK formatter's text, without its walk through fields. */
    static final class InstantText extends StdScalarSerializer<Instant> {
        InstantText() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Dates.canonicalText(value));
        }
    }

    /** The module of {@link Instants} and {@link InstantText}. */
    static final String INSTANTS = "conclave-instants";

    private static ObjectMapper conventions(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule(INSTANTS).addDeserializer(Instant.class, new Instants())
                        .addSerializer(Instant.class, new InstantText()))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }
}
