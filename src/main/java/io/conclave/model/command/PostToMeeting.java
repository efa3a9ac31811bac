package io.conclave.model.command;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MessageSchema;

/**
 * A message posted to a meeting, in the meeting mailbox's message format: a proposal, comment, vote,
 * summary, agenda item or state change, each with the fields of its type ({@link MessageSchema}).
 * Journaled as {@code vote}, {@code state} or {@code message} by its type.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostToMeeting(String messageId, String meetingId, String agentId, String messageType, String proposalId,
                            String title, String details, String status, String text, String replyToMessageId,
                            String vote, String rationale, String summaryText, String oldState, String newState,
                            String reason) implements MeetingCommand {
    public static final String MESSAGE = "message";
    public static final String VOTE = "vote";
    public static final String STATE = "state";

    /** A state_change message: {@code agentId} moves the meeting to {@code newState}, for {@code reason}. */
    public static PostToMeeting stateChange(String agentId, String newState, String reason) {
        return new PostToMeeting(null, null, agentId, MessageSchema.STATE_CHANGE, null, null, null, null, null, null,
                null, null, null, null, newState, reason);
    }

    /** A proposal message with its id, title and details. */
    public static PostToMeeting proposal(String agentId, String proposalId, String title, String details) {
        return new PostToMeeting(null, null, agentId, MessageSchema.PROPOSAL, proposalId, title, details, null, null,
                null, null, null, null, null, null, null);
    }

    @Override
    public String type() {
        return switch (messageType) {
            case MessageSchema.VOTE -> VOTE;
            case MessageSchema.STATE_CHANGE -> STATE;
            default -> MESSAGE;
        };
    }

    @Override
    public String agent() {
        return agentId;
    }

    /** A vote or a state change, which the rules decide as such rather than as a posted message. */
    @JsonIgnore
    public boolean isVote() {
        return MessageSchema.VOTE.equals(messageType);
    }

    /** The message as the meeting stores it: the service's id when none was given, the meeting, time and number. */
    public MeetingMessage toMessage(String meeting, long seq, Instant at) {
        String id = messageId != null ? messageId : MessageSchema.messageId(seq);
        return new MeetingMessage(id, meeting, at, agentId, messageType, seq, proposalId, title, details,
                MessageSchema.PROPOSAL.equals(messageType) ? "proposed" : null, text, replyToMessageId, vote, rationale,
                summaryText, oldState, newState, reason);
    }
}
