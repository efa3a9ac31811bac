package io.conclave.model.scheduling;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a negotiation asks the participants. {@code BROADCAST}: every candidate slot at once, on the request's grain,
 * and the rules choose among all of them (one round). {@code HOURLY_WALK}: the meeting scheduler's own coordinator,
 * one slot per round from the window start, one hour apart, until enough participants accept one.
 */
@JsonClassDescription("\"broadcast\" or \"hourly_walk\"")
public enum NegotiationMode {
    BROADCAST, HOURLY_WALK;

    /** The mode as the request names it ("broadcast", "hourly_walk"). */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a request names, or null for another word. */
    public static NegotiationMode of(String word) {
        for (NegotiationMode m : values()) {
            if (m.word().equals(word)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether availability is compared date by date unless the request says: yes when broadcasting; not in the
     * hourly walk, whose overlap test (the scheduler's {@code is_overlap}) compares hours only.
     */
    public boolean comparesDatesByDefault() {
        return this == BROADCAST;
    }
}
