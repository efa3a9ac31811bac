package io.conclave.model.meeting;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Ids;
import io.conclave.model.Problem;

/**
 * The message schema of the meeting mailbox, checked field by field: every problem is reported with its JSON
 * path, and a field that does not belong to the message's type is a problem too (a typo must not be
 * dropped silently). {@code message_id}, {@code meeting_id} and {@code timestamp_utc} are set by the
 * service; a client may give its own {@code message_id} (to retry safely) and the meeting's id.
 */
public final class MessageSchema {
    public static final String PROPOSAL = "proposal";
    public static final String COMMENT = "comment";
    public static final String VOTE = "vote";
    public static final String SUMMARY = "summary";
    public static final String AGENDA_ITEM = "agenda_item";
    public static final String STATE_CHANGE = "state_change";

    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 20_000;

    private static final Set<String> COMMON = Set.of("message_id", "meeting_id", "agent_id", "message_type");
    /** Per type: field -> required. */
    private static final Map<String, Map<String, Boolean>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put(PROPOSAL, Map.of("proposal_id", false, "title", true, "details", false, "status", false));
        FIELDS.put(COMMENT, Map.of("text", true, "reply_to_message_id", false));
        FIELDS.put(VOTE, Map.of("proposal_id", true, "vote", true, "rationale", false));
        FIELDS.put(SUMMARY, Map.of("summary_text", true));
        FIELDS.put(AGENDA_ITEM, Map.of("title", true, "details", false));
        FIELDS.put(STATE_CHANGE, Map.of("new_state", true, "reason", false, "old_state", false));
    }

    private MessageSchema() {
    }

    /** The id the service gives the n-th message of a meeting when the client gave none. */
    public static String messageId(long seq) {
        return String.format("msg-%06d", seq);
    }

    /** Every problem of a posted message, with paths relative to {@code $}; empty when it is valid. */
    public static List<Problem> check(JsonNode message, String meetingId) {
        List<Problem> problems = new ArrayList<>();
        if (message == null || !message.isObject()) {
            problems.add(new Problem("$", "a message must be a JSON object"));
            return problems;
        }
        String type = text(message, "message_type", problems, true);
        Map<String, Boolean> fields = type == null ? null : FIELDS.get(type);
        if (type != null && fields == null) {
            problems.add(new Problem("$.message_type", "'" + type + "' is not a message type; use one of " + FIELDS.keySet()));
        }
        idField(message, "agent_id", true, problems);
        idField(message, "message_id", false, problems);
        String given = text(message, "meeting_id", problems, false);
        if (given != null && !given.equals(meetingId)) {
            problems.add(new Problem("$.meeting_id", "'" + given + "' is not this meeting (" + meetingId + ")"));
        }
        if (message.has("timestamp_utc")) {
            problems.add(new Problem("$.timestamp_utc", "is set by the service when it accepts the message"));
        }
        if (fields == null) {
            return problems;
        }
        for (Iterator<String> it = message.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!COMMON.contains(name) && !name.equals("timestamp_utc") && !fields.containsKey(name)) {
                problems.add(new Problem("$." + name, "is not a field of a " + type + " message; its fields are "
                        + new java.util.TreeSet<>(fields.keySet())));
            }
        }
        fields.keySet().stream().sorted().forEach(f -> checkField(message, type, f, fields.get(f), problems));
        return problems;
    }

    private static void checkField(JsonNode message, String type, String field, boolean required, List<Problem> problems) {
        String value = text(message, field, problems, required);
        if (value == null) {
            return;
        }
        String path = "$." + field;
        switch (field) {
            case "proposal_id", "reply_to_message_id" -> {
                String p = Ids.problem(value);
                if (p != null) {
                    problems.add(new Problem(path, p));
                }
            }
            case "title" -> limit(value, MAX_TITLE, path, problems);
            case "vote" -> {
                if (VoteValue.parse(value) == null) {
                    problems.add(new Problem(path, "'" + value + "' is not a vote; use yes, no or abstain"));
                }
            }
            case "status" -> {
                if (!"proposed".equals(value)) {
                    problems.add(new Problem(path, "a new proposal is 'proposed'; the vote decides the rest"));
                }
            }
            case "new_state", "old_state" -> {
                if (MeetingState.parse(value) == null) {
                    problems.add(new Problem(path, "'" + value + "' is not a meeting state; use open, discussion, "
                            + "voting, closed or archived"));
                }
            }
            default -> limit(value, MAX_TEXT, path, problems);
        }
        if (value.isBlank() && required) {
            problems.add(new Problem(path, "must not be blank"));
        }
    }

    private static void idField(JsonNode message, String field, boolean required, List<Problem> problems) {
        String value = text(message, field, problems, required);
        if (value != null) {
            String p = Ids.problem(value);
            if (p != null) {
                problems.add(new Problem("$." + field, p));
            } else if (field.equals("agent_id") && value.equals(MeetingMessage.SERVICE_AGENT)) {
                problems.add(new Problem("$." + field, "'" + value + "' is reserved for messages of the service"));
            }
        }
    }

    private static void limit(String value, int max, String path, List<Problem> problems) {
        if (value.length() > max) {
            problems.add(new Problem(path, "is " + value.length() + " characters long; at most " + max));
        }
    }

    /** The text of a field, or null when absent (a problem when required) or not a string (always a problem). */
    private static String text(JsonNode message, String field, List<Problem> problems, boolean required) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem("$." + field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Problem("$." + field, "must be a string, not " + v.getNodeType().name().toLowerCase()));
            return null;
        }
        return v.asText();
    }

    /** A message as the service stores it: the posted fields with the service's id, meeting, time and number. */
    public static MeetingMessage toMessage(ObjectNode posted, String meetingId, long seq, java.time.Instant at) {
        String id = posted.hasNonNull("message_id") ? posted.get("message_id").asText() : messageId(seq);
        String type = posted.get("message_type").asText();
        return new MeetingMessage(id, meetingId, at, posted.get("agent_id").asText(), type, seq,
                opt(posted, "proposal_id"), opt(posted, "title"), opt(posted, "details"),
                PROPOSAL.equals(type) ? "proposed" : null,
                opt(posted, "text"), opt(posted, "reply_to_message_id"),
                opt(posted, "vote"), opt(posted, "rationale"), opt(posted, "summary_text"),
                opt(posted, "old_state"), opt(posted, "new_state"), opt(posted, "reason"));
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
