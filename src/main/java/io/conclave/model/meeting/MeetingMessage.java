package io.conclave.model.meeting;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a meeting mailbox (the meeting-mailbox schema): the common fields, then the fields of its type.
 * Fields that do not belong to the type are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeetingMessage(String messageId, String meetingId, Instant timestampUtc, String agentId,
                             String messageType, long seq,
                             // proposal
                             String proposalId, String title, String details, String status,
                             // comment
                             String text, String replyToMessageId,
                             // vote
                             String vote, String rationale,
                             // summary
                             String summaryText,
                             // state_change
                             String oldState, String newState, String reason) {

    /** The author of messages the service writes itself (state changes decided by rules, minutes). */
    public static final String SERVICE_AGENT = "conclave";

    public static MeetingMessage stateChange(String meetingId, long seq, Instant at, String agentId,
                                             MeetingState from, MeetingState to, String reason) {
        return new MeetingMessage(MessageSchema.messageId(seq), meetingId, at, agentId, MessageSchema.STATE_CHANGE, seq,
                null, null, null, null, null, null, null, null, null, from.json(), to.json(), reason);
    }

    public static MeetingMessage summary(String meetingId, long seq, Instant at, String text) {
        return new MeetingMessage(MessageSchema.messageId(seq), meetingId, at, SERVICE_AGENT, MessageSchema.SUMMARY, seq,
                null, null, null, null, null, null, null, null, text, null, null, null);
    }
}
