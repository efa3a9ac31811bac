package io.conclave.model.meeting;

import java.util.List;

/**
 * A validated meeting as created: what the create command journals. {@code participants} are the
 * invited agents in invitation order, creator and facilitator included. {@code projectId}/{@code taskId}
 * tie a meeting to the project meeting task it holds; {@code slot} is the time negotiated for it.
 */
public record MeetingSpec(String meetingId, String topic, String goal, String creator, String facilitator,
                          List<String> participants, Protocol protocol, String projectId, String taskId,
                          Slot slot) {

    /**
     * A negotiated time: a date and "HH:MM" start and end, and how it was found (the deciding rule, or
     * why no slot fits everyone).
     */
    public record Slot(String date, String startTime, String endTime, String note) {
    }
}
