package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How many yes votes of the active participants a proposal needs; the arithmetic is in meetings_votes.drl. */
public enum Threshold {
    MAJORITY, TWO_THIRDS, UNANIMOUS, BFT;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Threshold parse(String text) {
        for (Threshold t : values()) {
            if (t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        return null;
    }
}
