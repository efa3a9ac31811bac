package io.conclave.model.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.conclave.model.meeting.MeetingSpec;

/** A meeting is created; journaled as its validated spec. */
public record CreateMeeting(@JsonValue MeetingSpec spec) implements MeetingCommand {
    public static final String TYPE = "create";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CreateMeeting of(MeetingSpec spec) {
        return new CreateMeeting(spec);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
