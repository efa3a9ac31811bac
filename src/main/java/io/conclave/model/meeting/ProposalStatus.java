package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A proposal is proposed until the meeting closes its vote; then the rules accept or reject it. */
public enum ProposalStatus {
    PROPOSED, ACCEPTED, REJECTED;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static ProposalStatus parse(String text) {
        for (ProposalStatus s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        return null;
    }
}
