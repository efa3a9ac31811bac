package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The phases of a meeting, in the only order the shipped protocol moves through them. */
public enum MeetingState {
    OPEN, DISCUSSION, VOTING, CLOSED, ARCHIVED;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    /** Parses "open", "Discussion"...; null when the text names no state. */
    @JsonCreator
    public static MeetingState parse(String text) {
        for (MeetingState s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        return null;
    }

    /** True for the states in which nothing can be posted any more. */
    public boolean isOver() {
        return this == CLOSED || this == ARCHIVED;
    }
}
