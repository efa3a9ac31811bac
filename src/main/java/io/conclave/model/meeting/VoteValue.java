package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A ballot on one proposal. Abstain counts as not-yes. */
public enum VoteValue {
    YES, NO, ABSTAIN;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static VoteValue parse(String text) {
        for (VoteValue v : values()) {
            if (v.name().equalsIgnoreCase(text)) {
                return v;
            }
        }
        return null;
    }
}
