package io.conclave.model.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a conversation chooses who answers a message; the choice itself is made in rules/conversations/turns.drl. */
public enum TurnStrategy {
    /** The primary agent answers every message. */
    SINGLE_AGENT,
    /** Agents take turns in join order. */
    ROUND_ROBIN,
    /** The agent whose capabilities match the message's topics best answers. */
    DYNAMIC,
    /** Every matching agent answers, by priority. */
    COLLABORATIVE;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    /** Parses "round_robin", "ROUND_ROBIN"...; null when the text names no strategy. */
    @JsonCreator
    public static TurnStrategy parse(String text) {
        for (TurnStrategy s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        return null;
    }
}
