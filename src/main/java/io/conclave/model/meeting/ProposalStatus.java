package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A proposal is proposed until the meeting closes its vote; then the rules accept or reject it. A
 * meeting that closes without ever voting (the chair jumped past the vote, or its meeting task ended
 * elsewhere) leaves it NOT_DECIDED: no count, no outcome.
 */
public enum ProposalStatus {
    PROPOSED, ACCEPTED, REJECTED, NOT_DECIDED;

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
