package io.conclave.model.command;

import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.conclave.model.meeting.AgentId;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingTerm;
import io.conclave.model.meeting.MessageSchema;

/**
 * A message posted to a meeting, in the meeting mailbox's message format: a proposal, comment, vote,
 * summary, agenda item or state change, each with the fields of its type ({@link MessageSchema}).
 * Journaled as {@code vote}, {@code state} or {@code message} by its type.
 *
 * <p>Its constraints are of the group {@link Posted}: the votes and state endpoints give the type by their path,
 * so a message is judged once it has its type, by {@code MeetingService}, not as its body is read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@MessageFields(groups = PostToMeeting.Posted.class)
public record PostToMeeting(@SafeId(optional = true, groups = Posted.class) String messageId,
                            String meetingId,
                            @AgentId(groups = Posted.class) String agentId,
                            @NotNull(message = "is required", groups = Posted.class)
                            @MeetingTerm(value = MeetingTerm.Of.MESSAGE_TYPE, groups = Posted.class) String messageType,
                            @SafeId(optional = true, groups = Posted.class) String proposalId,
                            @Text(max = MessageSchema.MAX_TITLE, groups = Posted.class) String title,
                            @Text(max = MessageSchema.MAX_TEXT, groups = Posted.class) String details,
                            @MeetingTerm(value = MeetingTerm.Of.PROPOSAL_STATUS, groups = Posted.class) String status,
                            @Text(max = MessageSchema.MAX_TEXT, groups = Posted.class) String text,
                            @SafeId(optional = true, groups = Posted.class) String replyToMessageId,
                            @MeetingTerm(value = MeetingTerm.Of.VOTE, groups = Posted.class) String vote,
                            @Text(max = MessageSchema.MAX_TEXT, groups = Posted.class) String rationale,
                            @Text(max = MessageSchema.MAX_TEXT, groups = Posted.class) String summaryText,
                            @MeetingTerm(value = MeetingTerm.Of.STATE, groups = Posted.class) String oldState,
                            @MeetingTerm(value = MeetingTerm.Of.STATE, groups = Posted.class) String newState,
                            @Text(max = MessageSchema.MAX_TEXT, groups = Posted.class) String reason)
        implements MeetingCommand {
    public static final String MESSAGE = "message";
    public static final String VOTE = "vote";
    public static final String STATE = "state";

    /** The constraints a message meets once its type is known (see above). */
    public interface Posted {
    }

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

    /** The fields that belong to some message types and not others, by JSON name, in the record's order. */
    Map<String, String> typedFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("proposal_id", proposalId);
        f.put("title", title);
        f.put("details", details);
        f.put("status", status);
        f.put("text", text);
        f.put("reply_to_message_id", replyToMessageId);
        f.put("vote", vote);
        f.put("rationale", rationale);
        f.put("summary_text", summaryText);
        f.put("old_state", oldState);
        f.put("new_state", newState);
        f.put("reason", reason);
        return f;
    }

    /** The record component a JSON field name reads into ({@code summary_text}: {@code summaryText}). */
    static String javaName(String json) {
        StringBuilder out = new StringBuilder();
        for (String part : json.split("_")) {
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
