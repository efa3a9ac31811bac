package io.conclave.model.conversation;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.JsonFields;
import io.conclave.model.Problem;
import io.conclave.model.meeting.Threshold;

/**
 * Reads the requests of the conversation API, reporting every problem with its JSON path. Limits
 * are whole numbers of at least 1; an absent max_turns_per_agent is {@value #DEFAULT_MAX_TURNS_PER_AGENT}.
 */
public final class ConversationChecks {
    public static final int DEFAULT_MAX_TURNS_PER_AGENT = 10;
    static final int MAX_TEXT = 100_000;
    private static final Set<String> CREATE_FIELDS = Set.of("conversation_id", "project_id", "policy");
    private static final Set<String> POLICY_FIELDS = Set.of("turn_strategy", "max_turns_per_agent", "allowed_roles",
            "timeout_seconds", "timeout", "max_total_turns", "primary_agent", "collaborative_limit", "loop_limit", "consensus");
    private static final Set<String> JOIN_FIELDS = Set.of("agent_id", "role", "capabilities");
    private static final Set<String> ROLE_FIELDS = Set.of("name", "description", "capabilities", "priority");
    private static final Set<String> MESSAGE_FIELDS = Set.of("sender", "content", "topics", "suggested_next",
            "handoff_to", "stance", "final");
    private static final Set<String> CONTEXT_FIELDS = Set.of("agent_id", "value", "expected_version");

    private ConversationChecks() {
    }

    /** A parsed request, or the problems that stop it. */
    public record Parsed<T>(T value, List<Problem> problems) {
        static <T> Parsed<T> of(T value, JsonFields f) {
            return f.problems().isEmpty() ? new Parsed<>(value, List.of()) : new Parsed<>(null, List.copyOf(f.problems()));
        }

        static <T> Parsed<T> notAnObject(String what) {
            return new Parsed<>(null, List.of(new Problem("$", what + " must be a JSON object")));
        }
    }

    /** A join request: the agent, its role, and its own capabilities (null when it states none). */
    public record Join(String agentId, AgentRole role, List<String> capabilities) {
    }

    /** A context write: the acting agent, the new value and the version it expects the key to be at. */
    public record ContextWrite(String agentId, JsonNode value, long expectedVersion) {
    }

    public static Parsed<ConversationSpec> create(JsonNode body, Supplier<String> newId) {
        if (body == null || !body.isObject()) {
            return Parsed.notAnObject("a conversation");
        }
        JsonFields f = new JsonFields();
        f.unknownFields(body, CREATE_FIELDS, "$");
        String id = body.hasNonNull("conversation_id") ? f.id(body, "conversation_id", "$.conversation_id", true)
                : newId.get();
        String projectId = f.id(body, "project_id", "$.project_id", false);
        JsonNode p = body.get("policy");
        ConversationPolicy policy = null;
        if (p == null || p.isNull()) {
            f.problem("$.policy", "is required: { turn_strategy, allowed_roles, max_turns_per_agent?, ... }");
        } else if (!p.isObject()) {
            f.problem("$.policy", "must be an object");
        } else {
            policy = policy(p, f);
        }
        return Parsed.of(new ConversationSpec(id, projectId, policy), f);
    }

    private static ConversationPolicy policy(JsonNode p, JsonFields f) {
        f.unknownFields(p, POLICY_FIELDS, "$.policy");
        TurnStrategy strategy = null;
        String name = f.text(p, "turn_strategy", "$.policy.turn_strategy", true, 64);
        if (name != null) {
            strategy = TurnStrategy.parse(name);
            if (strategy == null) {
                f.problem("$.policy.turn_strategy", "'" + name + "' is not a turn strategy; use single_agent, round_robin,"
                        + " dynamic or collaborative");
            }
        }
        List<String> roles = f.texts(p, "allowed_roles", "$.policy.allowed_roles", true, 128);
        if (roles != null && roles.isEmpty() && p.path("allowed_roles").isArray()) {
            f.problem("$.policy.allowed_roles", "must name at least one role: members of other roles are never granted a turn");
        }
        Integer perAgent = f.integer(p, "max_turns_per_agent", "$.policy.max_turns_per_agent", 1, 1_000_000,
                DEFAULT_MAX_TURNS_PER_AGENT);
        // the conversation design names it `timeout` (seconds, a float): the same setting under its first name
        String timeoutField = p.has("timeout") && !p.has("timeout_seconds") ? "timeout" : "timeout_seconds";
        if (p.has("timeout") && p.has("timeout_seconds")) {
            f.problem("$.policy.timeout", "give the timeout once: timeout_seconds, or timeout (its other name)");
        }
        Double timeout = f.positive(p, timeoutField, "$.policy." + timeoutField, 31_536_000);
        if (timeout != null && timeout < 0.001) { // the clock counts milliseconds: less would end it as it opens
            f.problem("$.policy." + timeoutField, "must be at least 0.001 (one millisecond), not " + timeout);
            timeout = null;
        }
        Integer total = f.integer(p, "max_total_turns", "$.policy.max_total_turns", 1, 100_000_000, null);
        String primary = f.id(p, "primary_agent", "$.policy.primary_agent", false);
        Integer collaborative = f.integer(p, "collaborative_limit", "$.policy.collaborative_limit", 1, 100_000, null);
        Integer loop = f.integer(p, "loop_limit", "$.policy.loop_limit", 1, 1000, ConversationPolicy.DEFAULT_LOOP_LIMIT);
        Threshold consensus = null;
        String threshold = f.text(p, "consensus", "$.policy.consensus", false, 64);
        if (threshold != null) {
            consensus = Threshold.parse(threshold);
            if (consensus == null || consensus == Threshold.BFT) {
                f.problem("$.policy.consensus", "'" + threshold + "' is not a vote threshold; use majority, two_thirds or"
                        + " unanimous");
            }
        }
        if (strategy == null || roles == null || perAgent == null || loop == null || !f.problems().isEmpty()) {
            return null;
        }
        return new ConversationPolicy(strategy, perAgent, roles, timeout, total, primary, collaborative, loop, consensus);
    }

    public static Parsed<Join> join(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Parsed.notAnObject("a join request");
        }
        JsonFields f = new JsonFields();
        f.unknownFields(body, JOIN_FIELDS, "$");
        String agent = f.id(body, "agent_id", "$.agent_id", true);
        JsonNode r = body.get("role");
        AgentRole role = null;
        if (r == null || r.isNull()) {
            f.problem("$.role", "is required: { name, description?, capabilities?, priority? }");
        } else if (!r.isObject()) {
            f.problem("$.role", "must be an object: { name, description?, capabilities?, priority? }");
        } else {
            f.unknownFields(r, ROLE_FIELDS, "$.role");
            String name = f.text(r, "name", "$.role.name", true, 128);
            String description = f.text(r, "description", "$.role.description", false, 2000);
            List<String> capabilities = f.texts(r, "capabilities", "$.role.capabilities", false, 128);
            Integer priority = f.integer(r, "priority", "$.role.priority", -1000, 1000, 0);
            if (name != null && capabilities != null && priority != null) {
                role = new AgentRole(name, description, capabilities, priority);
            }
        }
        // the agent's own capabilities (the design's AgentConfig), which the rules check against the role's
        List<String> own = body.hasNonNull("capabilities") ? f.texts(body, "capabilities", "$.capabilities", false, 128)
                : null;
        return Parsed.of(new Join(agent, role, own), f);
    }

    /** A message; its seq and time are set when it is accepted. */
    public static Parsed<ConversationMessage> message(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Parsed.notAnObject("a message");
        }
        JsonFields f = new JsonFields();
        f.unknownFields(body, MESSAGE_FIELDS, "$");
        String sender = f.id(body, "sender", "$.sender", true);
        String content = f.text(body, "content", "$.content", false, MAX_TEXT);
        if (content == null && !body.hasNonNull("content")) {
            f.problem("$.content", "is required (a string, may be empty)");
        }
        List<String> topics = f.texts(body, "topics", "$.topics", false, 128);
        String suggested = f.id(body, "suggested_next", "$.suggested_next", false);
        String handoff = f.id(body, "handoff_to", "$.handoff_to", false);
        if (suggested != null && handoff != null && !suggested.equals(handoff)) {
            f.problem("$.handoff_to", "names " + handoff + " but suggested_next names " + suggested
                    + ": name one next agent");
        }
        Stance stance = null;
        JsonNode s = body.get("stance");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                f.problem("$.stance", "must be an object: { claim, position: support | oppose }");
            } else {
                f.unknownFields(s, Set.of("claim", "position"), "$.stance");
                String claim = f.text(s, "claim", "$.stance.claim", true, 500);
                String position = f.text(s, "position", "$.stance.position", true, 16);
                if (position != null && !position.equals(Stance.SUPPORT) && !position.equals(Stance.OPPOSE)) {
                    f.problem("$.stance.position", "'" + position + "' is not a position; use support or oppose");
                } else if (claim != null && position != null) {
                    stance = new Stance(claim, position);
                }
            }
        }
        boolean last = f.flag(body, "final", "$.final");
        return Parsed.of(new ConversationMessage(0, null, sender, content, topics == null ? List.of() : topics,
                handoff != null ? null : suggested, handoff, stance, last, null), f);
    }

    public static Parsed<ContextWrite> contextWrite(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Parsed.notAnObject("a context write");
        }
        JsonFields f = new JsonFields();
        f.unknownFields(body, CONTEXT_FIELDS, "$");
        String agent = f.id(body, "agent_id", "$.agent_id", true);
        if (!body.has("value")) {
            f.problem("$.value", "is required (any JSON value)");
        }
        Integer expected = f.integer(body, "expected_version", "$.expected_version", 0, Integer.MAX_VALUE, null);
        if (expected == null && !body.hasNonNull("expected_version")) {
            f.problem("$.expected_version", "is required: the version you read (0 to create the key), so a concurrent"
                    + " write is never overwritten silently");
        }
        return Parsed.of(new ContextWrite(agent, body.get("value"), expected == null ? -1 : expected), f);
    }
}
