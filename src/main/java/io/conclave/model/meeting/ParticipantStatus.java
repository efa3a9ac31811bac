package io.conclave.model.meeting;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an invited agent stands in a meeting. Only JOINED participants are active: they post and vote. */
public enum ParticipantStatus {
    INVITED, JOINED, LEFT;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
