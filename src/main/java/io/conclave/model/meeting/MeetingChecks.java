package io.conclave.model.meeting;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Ids;
import io.conclave.model.Problem;

/**
 * Reads a create-meeting request into a {@link MeetingSpec}, reporting every problem with its JSON
 * path. The creator and the facilitator are invited even when the participant list leaves them out.
 */
public final class MeetingChecks {
    static final int MAX_PARTICIPANTS = 1000;
    private static final Set<String> FIELDS = Set.of("meeting_id", "topic", "goal", "creator", "participants",
            "facilitator", "protocol", "project_id", "task_id", "slot");
    private static final Set<String> PROTOCOL_FIELDS = Set.of("threshold", "fault_tolerance", "quorum",
            "discussion_minutes", "voting_minutes", "archive_after_minutes");

    private MeetingChecks() {
    }

    /** The result: a spec, or the problems that stop it. */
    public record Parsed(MeetingSpec spec, List<Problem> problems) {
    }

    public static Parsed parse(JsonNode body, Supplier<String> newId) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(new Problem("$", "a meeting must be a JSON object")));
        }
        unknownFields(body, FIELDS, "$", problems);
        String id = body.hasNonNull("meeting_id") ? id(body, "meeting_id", "$.meeting_id", false, problems) : newId.get();
        String topic = text(body, "topic", "$.topic", true, 200, problems);
        String goal = text(body, "goal", "$.goal", false, 2000, problems);
        String creator = id(body, "creator", "$.creator", true, problems);
        String facilitator = id(body, "facilitator", "$.facilitator", false, problems);
        String projectId = id(body, "project_id", "$.project_id", false, problems);
        String taskId = id(body, "task_id", "$.task_id", false, problems);
        if ((projectId == null) != (taskId == null) && taskId != null) {
            problems.add(new Problem("$.task_id", "a task_id needs the project_id of its project"));
        }
        Set<String> invited = new LinkedHashSet<>();
        JsonNode list = body.get("participants");
        if (list == null || !list.isArray()) {
            problems.add(new Problem("$.participants", list == null ? "is required (the invited agents)" : "must be an array of agent ids"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                String path = "$.participants[" + i + "]";
                JsonNode p = list.get(i);
                String problem = p.isTextual() ? agentProblem(p.asText()) : "must be an agent id (a string)";
                if (problem != null) {
                    problems.add(new Problem(path, problem));
                } else if (!invited.add(p.asText())) {
                    problems.add(new Problem(path, "'" + p.asText() + "' is listed twice"));
                }
            }
            if (list.size() > MAX_PARTICIPANTS) {
                problems.add(new Problem("$.participants", "at most " + MAX_PARTICIPANTS + " participants"));
            }
        }
        if (creator != null) {
            invited.add(creator);
        }
        if (facilitator != null) {
            invited.add(facilitator);
        }
        Protocol protocol = protocol(body.get("protocol"), invited.size(), problems);
        MeetingSpec.Slot slot = null;
        if (body.hasNonNull("slot")) {
            JsonNode s = body.get("slot");
            slot = new MeetingSpec.Slot(text(s, "date", "$.slot.date", true, 10, problems),
                    text(s, "start_time", "$.slot.start_time", true, 5, problems),
                    text(s, "end_time", "$.slot.end_time", true, 5, problems),
                    text(s, "note", "$.slot.note", false, 2000, problems));
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new MeetingSpec(id, topic, goal, creator, facilitator, List.copyOf(invited), protocol,
                projectId, taskId, slot), List.of());
    }

    private static Protocol protocol(JsonNode p, int invited, List<Problem> problems) {
        if (p == null || p.isNull()) {
            return Protocol.defaults();
        }
        if (!p.isObject()) {
            problems.add(new Problem("$.protocol", "must be an object"));
            return null;
        }
        unknownFields(p, PROTOCOL_FIELDS, "$.protocol", problems);
        Threshold threshold = Threshold.MAJORITY;
        if (p.hasNonNull("threshold")) {
            threshold = Threshold.parse(p.get("threshold").asText());
            if (threshold == null || !p.get("threshold").isTextual()) {
                problems.add(new Problem("$.protocol.threshold", "'" + p.get("threshold").asText()
                        + "' is not a threshold; use majority, two_thirds, unanimous or bft"));
            }
        }
        Integer f = integer(p, "fault_tolerance", 0, Math.max(0, invited - 1), problems);
        if (threshold == Threshold.BFT && f == null && !p.has("fault_tolerance")) {
            f = (invited - 1) / 3; // the most faults n agents tolerate: n >= 3f + 1
        }
        if (f != null && threshold != Threshold.BFT && p.has("fault_tolerance")) {
            problems.add(new Problem("$.protocol.fault_tolerance", "applies only to the bft threshold"));
        }
        Integer quorum = integer(p, "quorum", 1, Math.max(1, invited), problems);
        // an archive time that is not one is a problem reported with the others; the protocol keeps the default
        Double archive = minutes(p, "archive_after_minutes", problems);
        return new Protocol(threshold, f, quorum, minutes(p, "discussion_minutes", problems),
                minutes(p, "voting_minutes", problems),
                archive != null ? archive : Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES);
    }

    private static Integer integer(JsonNode p, String field, int min, int max, List<Problem> problems) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String path = "$.protocol." + field;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            problems.add(new Problem(path, "must be a whole number from " + min + " to " + max + " (the invited agents "
                    + "bound it), not " + v));
            return null;
        }
        return v.asInt();
    }

    private static Double minutes(JsonNode p, String field, List<Problem> problems) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0 || v.asDouble() > 525_600) {
            problems.add(new Problem("$.protocol." + field, "must be a number of minutes above 0 and at most a year, not " + v));
            return null;
        }
        return v.asDouble();
    }

    private static String agentProblem(String id) {
        String p = Ids.problem(id);
        if (p == null && MeetingMessage.SERVICE_AGENT.equals(id)) {
            return "'" + id + "' is reserved for messages of the service";
        }
        return p;
    }

    private static String id(JsonNode body, String field, String path, boolean required, List<Problem> problems) {
        String value = text(body, field, path, required, 128, problems);
        if (value == null) {
            return null;
        }
        String p = field.equals("creator") || field.equals("facilitator") ? agentProblem(value) : Ids.problem(value);
        if (p != null) {
            problems.add(new Problem(path, p));
            return null;
        }
        return value;
    }

    private static String text(JsonNode body, String field, String path, boolean required, int max, List<Problem> problems) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(path, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Problem(path, "must be a string, not " + v.getNodeType().name().toLowerCase()));
            return null;
        }
        if (v.asText().isBlank() && required) {
            problems.add(new Problem(path, "must not be blank"));
            return null;
        }
        if (v.asText().length() > max && !field.endsWith("_id") && !field.equals("creator") && !field.equals("facilitator")) {
            problems.add(new Problem(path, "is " + v.asText().length() + " characters long; at most " + max));
            return null;
        }
        return v.asText();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, List<Problem> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add(new Problem(at + "." + name, "is not a field here; known fields: " + new java.util.TreeSet<>(known)));
            }
        }
    }
}
