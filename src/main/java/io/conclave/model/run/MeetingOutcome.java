package io.conclave.model.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.conclave.model.ProjectValidator;

/**
 * Command: the meeting that held meeting task {@code meetingTaskId} closed with these proposals, in the
 * order they were posted, each with its outcome ("accepted", "rejected", "withdrawn"...). In our meeting
 * model the action items ARE the accepted proposals (see Minutes), so spawning.drl turns each accepted
 * item into a task; whether an item is spawned at all is the rules' decision, so every proposal is sent.
 *
 * <p>A proposal carries what a task needs by a convention in its free-text {@code details}, so no meeting
 * message format changes and a person can write it: lines {@code key: value} with the keys
 * <ul>
 *   <li>{@code skills: backend 6, security 5} (or {@code backend=6}): the required skills, levels 1..10;</li>
 *   <li>{@code hours: 4}: the estimate, above 0 and at most {@value ProjectValidator#MAX_HOURS};</li>
 *   <li>{@code type: development}: the task type (preferences and learning read it);</li>
 *   <li>{@code kind: decision}: the proposal decides something rather than asks for work (the orchestrator guide's
 *   meeting results keep "decisions" apart from "action_items"); {@code kind: action} is the default.</li>
 * </ul>
 * Any other line is plain text. A hint line that cannot be read is kept as a problem of the item, so the
 * SPAWNED decision says what was ignored. The defaults for missing hints are the rules' (spawning.drl).
 */
public final class MeetingOutcome {
    private static final Pattern HINT = Pattern.compile("^\\s*(skills|hours|type|kind)\\s*:\\s*(.*?)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SKILL = Pattern.compile("([A-Za-z0-9_.-]+)\\s*(?:=|\\s)\\s*([0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String meetingTaskId;
    private final String meetingId;
    private final List<Item> items;
    private final boolean simulated;

    /**
     * One proposal of the meeting and what its details hint: {@code skills} empty, {@code hours} and
     * {@code taskType} null when not hinted; {@code decision} when it is a decision, not an action item;
     * {@code hintProblems} the hint lines that could not be read.
     */
    public record Item(String proposalId, String title, String details, String proposer, String outcome,
                       Map<String, Double> skills, Double hours, String taskType, List<String> hintProblems,
                       boolean decision) {
        public Item {
            skills = new TreeMap<>(skills);
            hintProblems = List.copyOf(hintProblems);
        }

        /** The item with the hints read from {@code details}. */
        public static Item of(String proposalId, String title, String details, String proposer, String outcome) {
            Map<String, Double> skills = new TreeMap<>();
            Double hours = null;
            String type = null;
            boolean decision = false;
            List<String> problems = new ArrayList<>();
            for (String line : details == null ? new String[0] : details.split("\\R")) {
                Matcher m = HINT.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String key = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                switch (key) {
                    case "skills" -> {
                        for (String part : value.split(",")) {
                            Matcher s = SKILL.matcher(part.strip());
                            double level = s.matches() ? Double.parseDouble(s.group(2)) : 0;
                            if (s.matches() && level >= 1 && level <= 10) {
                                skills.put(s.group(1), level);
                            } else {
                                problems.add("skills: '" + part.strip() + "' is not 'name level' with a level 1..10");
                            }
                        }
                    }
                    case "hours" -> {
                        Double h = number(value);
                        if (h != null && h > 0 && h <= ProjectValidator.MAX_HOURS) {
                            hours = h;
                        } else {
                            problems.add("hours: '" + value + "' is not a number above 0 and at most "
                                    + (int) ProjectValidator.MAX_HOURS);
                        }
                    }
                    case "kind" -> {
                        // only the two words are hints: any other "kind:" line stays plain text, as it always read
                        String k = value.toLowerCase(Locale.ROOT);
                        if (k.equals("decision") || k.equals("action")) {
                            decision = k.equals("decision");
                        }
                    }
                    default -> {
                        if (NAME.matcher(value).matches()) {
                            type = value;
                        } else {
                            problems.add("type: '" + value + "' is not a name (letters, digits, '_', '-', '.')");
                        }
                    }
                }
            }
            return new Item(proposalId, title, details, proposer, outcome, skills, hours, type, problems, decision);
        }

        private static Double number(String s) {
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public boolean isAccepted() { return "accepted".equals(outcome); }
        /** True when the proposal decides something rather than asks for work ({@code kind: decision}). */
        public boolean isDecision() { return decision; }
        public String getProposalId() { return proposalId; }
        public String getTitle() { return title; }
        public String getProposer() { return proposer; }
        public Map<String, Double> getSkills() { return skills; }
        public Double getHours() { return hours; }
        public String getTaskType() { return taskType; }
        public List<String> getHintProblems() { return hintProblems; }
    }

    public MeetingOutcome(String meetingTaskId, String meetingId, List<Item> items) {
        this(meetingTaskId, meetingId, items, false);
    }

    /** An outcome, {@code simulated} when simulated attendees held the meeting (their proposals are synthetic). */
    public MeetingOutcome(String meetingTaskId, String meetingId, List<Item> items, boolean simulated) {
        this.meetingTaskId = meetingTaskId;
        this.meetingId = meetingId;
        this.items = List.copyOf(items);
        this.simulated = simulated;
    }

    /**
     * The outcome a meeting task's completion result states in the async orchestrator's format: its
     * {@code action_items}, each a text ("Create technical specification") or an object {@code { title,
     * details? }} whose details may carry the hints above, in order; each accepted (an action item is what the
     * meeting decided to do), proposed by the agent who reported the completion, and numbered
     * {@code action-1}, {@code action-2}... An item without text is skipped; a result without action items gives
     * an outcome without items.
     */
    public static MeetingOutcome ofActionItems(String meetingTaskId, JsonNode result, String reportedBy) {
        List<Item> items = new ArrayList<>();
        JsonNode list = result == null ? null : result.get("action_items");
        if (list != null && list.isArray()) {
            int n = 0;
            for (JsonNode a : list) {
                String title = a.isTextual() ? a.textValue() : a.path("title").isTextual() ? a.path("title").textValue()
                        : null;
                if (title == null || title.isBlank()) {
                    continue;
                }
                String details = a.path("details").isTextual() ? a.path("details").textValue() : null;
                items.add(Item.of("action-" + (++n), title.strip(), details, reportedBy, "accepted"));
            }
        }
        return new MeetingOutcome(meetingTaskId, null, items);
    }

    /** True when simulated attendees held the meeting. */
    public boolean isSimulated() { return simulated; }

    public String getMeetingTaskId() { return meetingTaskId; }
    public String getMeetingId() { return meetingId; }
    /** Every proposal of the meeting, in the order it was posted. */
    public List<Item> getItems() { return items; }

    /** The journal body: {@code task_id, meeting_id, proposals[{proposal_id, title, details, proposer, outcome}]}. */
    public JsonNode toJson() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("task_id", meetingTaskId).put("meeting_id", meetingId);
        ArrayNode proposals = body.putArray("proposals");
        for (Item i : items) {
            proposals.addObject().put("proposal_id", i.proposalId()).put("title", i.title()).put("details", i.details())
                    .put("proposer", i.proposer()).put("outcome", i.outcome());
        }
        return body;
    }

    /** Reads a journal body back; the hints are read again from the details, so replay decides the same. */
    public static MeetingOutcome fromJson(JsonNode body) {
        List<Item> items = new ArrayList<>();
        body.path("proposals").forEach(p -> items.add(Item.of(p.path("proposal_id").asText(),
                p.path("title").asText(null), p.path("details").asText(null), p.path("proposer").asText(null),
                p.path("outcome").asText(null))));
        return new MeetingOutcome(body.path("task_id").asText(), body.path("meeting_id").asText(null), items);
    }

    @Override
    public String toString() {
        return "meeting outcome of " + meetingTaskId + " (" + items.size() + " proposal(s))";
    }
}
