package io.conclave.model.meeting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message schema of the meeting mailbox: the message types and, per type, its fields and which of them are
 * required. A posted message is checked against it by the constraints of
 * {@link io.conclave.model.command.PostToMeeting}; {@code message_id}, {@code meeting_id} and {@code timestamp_utc}
 * are set by the service (a client may give its own {@code message_id}, to retry safely, and the meeting's id).
 */
public final class MessageSchema {
    public static final String PROPOSAL = "proposal";
    public static final String COMMENT = "comment";
    public static final String VOTE = "vote";
    public static final String SUMMARY = "summary";
    public static final String AGENDA_ITEM = "agenda_item";
    public static final String STATE_CHANGE = "state_change";

    /** The longest title of a proposal or an agenda item, in characters. */
    public static final int MAX_TITLE = 200;
    /** The longest text of any other field, in characters. */
    public static final int MAX_TEXT = 20_000;

    /** Per type, in the order the schema lists them: field -> required. */
    public static final Map<String, Map<String, Boolean>> FIELDS;

    static {
        Map<String, Map<String, Boolean>> fields = new LinkedHashMap<>();
        fields.put(PROPOSAL, Map.of("proposal_id", false, "title", true, "details", false, "status", false));
        fields.put(COMMENT, Map.of("text", true, "reply_to_message_id", false));
        fields.put(VOTE, Map.of("proposal_id", true, "vote", true, "rationale", false));
        fields.put(SUMMARY, Map.of("summary_text", true));
        fields.put(AGENDA_ITEM, Map.of("title", true, "details", false));
        fields.put(STATE_CHANGE, Map.of("new_state", true, "reason", false, "old_state", false));
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    private MessageSchema() {
    }

    /** The id the service gives the n-th message of a meeting when the client gave none. */
    public static String messageId(long seq) {
        return String.format("msg-%06d", seq);
    }
}
