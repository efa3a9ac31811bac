package io.conclave.app.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.conclave.app.Checks;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ContextWrite;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.Join;
import io.conclave.model.conversation.NewConversation;
import io.conclave.model.conversation.PostedMessage;
import io.conclave.model.conversation.Stance;
import io.conclave.model.conversation.TurnStrategy;
import io.conclave.model.meeting.Threshold;

/**
 * The conversation requests' constraints (WholeNumber, Timeout, ConversationTerm, the lists of names and the
 * cross-field rules) through {@link Checks}, as {@link io.conclave.app.conversation.ConversationService} applies
 * them, with a plain Bean Validation factory: each problem's JSON path and exact words, in the order of the
 * request's fields; and the values a valid request makes, which are what the journal holds.
 */
class ConversationConstraintsTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Checks CHECKS = new Checks(FACTORY.getValidator());
    private static final String ROLES = "\"turn_strategy\": \"dynamic\", \"allowed_roles\": [\"expert\"]";

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static <T> T bind(String json, Class<T> type) {
        try {
            return CHECKS.bindInFieldOrder(Json.MAPPER.readTree(json), type, "a request");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Problem> problems(String json, Class<?> type) {
        try {
            bind(json, type);
            return List.of();
        } catch (CommandException e) {
            return e.problems();
        }
    }

    private static List<Problem> policy(String fields) {
        return problems("{\"policy\": {" + fields + "}}", NewConversation.class);
    }

    @Test
    void limitsAreWholeNumbersInTheirRangeEvenBeyondTheLongRange() {
        assertEquals(List.of(new Problem("$.policy.max_turns_per_agent", "must be a whole number from 1 to 1000000, not 0")),
                policy(ROLES + ", \"max_turns_per_agent\": 0"));
        // 2^64 + 1 would wrap to 1 as a long: it is judged as itself
        assertEquals(List.of(new Problem("$.policy.max_turns_per_agent",
                        "must be a whole number from 1 to 1000000, not 18446744073709551617")),
                policy(ROLES + ", \"max_turns_per_agent\": 18446744073709551617"));
        assertEquals(List.of(new Problem("$.policy.loop_limit", "must be a whole number from 1 to 1000, not 1001")),
                policy(ROLES + ", \"loop_limit\": 1001"));
        // a fraction is a value of the wrong type (the binder's words), not a number out of range
        assertEquals(List.of(new Problem("$.policy.collaborative_limit", "must be a whole number")),
                policy(ROLES + ", \"collaborative_limit\": 1.5"));
        assertEquals(List.of(new Problem("$.role.priority", "must be a whole number from -1000 to 1000, not -1001")),
                problems("{\"agent_id\": \"a\", \"role\": {\"name\": \"x\", \"priority\": -1001}}", Join.class));
    }

    @Test
    void theTimeoutIsAboveAMillisecondAndAtMostAYearUnderEitherName() {
        assertEquals(List.of(new Problem("$.policy.timeout_seconds", "must be at least 0.001 (one millisecond), not 1.0E-4")),
                policy(ROLES + ", \"timeout_seconds\": 0.0001"));
        assertEquals(List.of(new Problem("$.policy.timeout", "must be a number above 0 and at most 31536000, not 0.0")),
                policy(ROLES + ", \"timeout\": 0"));
        assertEquals(List.of(new Problem("$.policy.timeout_seconds", "must be a number above 0 and at most 31536000,"
                        + " not 3.1536001E7")), policy(ROLES + ", \"timeout_seconds\": 31536001"));
        assertEquals(List.of(new Problem("$.policy.timeout", "give the timeout once: timeout_seconds, or timeout (its"
                        + " other name)")), policy(ROLES + ", \"timeout_seconds\": 5, \"timeout\": 5"));
        // the design's name is the same setting
        assertEquals(2.5, bind("{\"policy\": {" + ROLES + ", \"timeout\": 2.5}}", NewConversation.class)
                .toSpec(() -> "c").policy().timeoutSeconds());
    }

    @Test
    void wordsOfTheVocabularyNameTheWordsThatWouldDo() {
        assertEquals(List.of(new Problem("$.policy.turn_strategy", "'loudest_first' is not a turn strategy; use"
                        + " single_agent, round_robin, dynamic or collaborative")),
                policy("\"turn_strategy\": \"loudest_first\", \"allowed_roles\": [\"x\"]"));
        // blank is the text's problem, and the only one of the field
        assertEquals(List.of(new Problem("$.policy.turn_strategy", "must not be blank")),
                policy("\"turn_strategy\": \" \", \"allowed_roles\": [\"x\"]"));
        assertEquals(List.of(new Problem("$.policy.consensus", "'bft' is not a vote threshold; use majority, two_thirds"
                        + " or unanimous")), policy(ROLES + ", \"consensus\": \"bft\""));
        assertEquals(List.of(new Problem("$.stance.position", "'maybe' is not a position; use support or oppose")),
                problems("{\"sender\": \"a\", \"content\": \"\", \"stance\": {\"claim\": \"c\", \"position\": \"maybe\"}}",
                        PostedMessage.class));
        assertEquals(List.of(new Problem("$.stance.claim", "is required"),
                        new Problem("$.stance.position", "is 17 characters long; at most 16")),
                problems("{\"sender\": \"a\", \"content\": \"\", \"stance\": {\"position\": \"" + "s".repeat(17) + "\"}}",
                        PostedMessage.class));
    }

    @Test
    void listsOfNamesAreNonBlankBoundedAndListedOnce() {
        assertEquals(List.of(new Problem("$.policy.allowed_roles", "must name at least one role: members of other roles"
                        + " are never granted a turn")), policy("\"turn_strategy\": \"dynamic\", \"allowed_roles\": []"));
        assertEquals(List.of(new Problem("$.policy.allowed_roles", "is required")),
                policy("\"turn_strategy\": \"dynamic\""));
        // a number among the names is the binder's (a string expected); null, blank, too long and twice are the list's
        assertEquals(List.of(new Problem("$.topics[0]", "must be a string"),
                        new Problem("$.topics[1]", "must be a non-blank string"),
                        new Problem("$.topics[2]", "must be a non-blank string"),
                        new Problem("$.topics[4]", "'db' is listed twice"),
                        new Problem("$.topics[10]", "is 129 characters long; at most 128")),
                problems("{\"sender\": \"a\", \"content\": \"\", \"topics\": [7, null, \" \", \"db\", \"db\", \"a\", \"b\","
                        + " \"c\", \"d\", \"e\", \"" + "t".repeat(129) + "\"]}", PostedMessage.class));
        assertEquals(List.of(new Problem("$.role.capabilities[1]", "'db' is listed twice"),
                        new Problem("$.capabilities[0]", "must be a non-blank string")),
                problems("{\"agent_id\": \"a\", \"role\": {\"name\": \"x\", \"capabilities\": [\"db\", \"db\"]},"
                        + " \"capabilities\": [\"\"]}", Join.class));
    }

    @Test
    void problemsComeUnknownFieldsFirstThenInTheOrderOfTheFields() {
        // the policy's fields in their declared order (turn_strategy, allowed_roles, ..., loop_limit, consensus),
        // not alphabetically by path
        assertEquals(List.of("$.policy.colour", "$.policy.turn_strategy", "$.policy.allowed_roles[1]",
                        "$.policy.allowed_roles[2]", "$.policy.timeout_seconds", "$.policy.collaborative_limit",
                        "$.policy.loop_limit", "$.policy.consensus"),
                policy("\"consensus\": \"bft\", \"loop_limit\": 0, \"collaborative_limit\": 1.5, \"timeout_seconds\": 0,"
                        + " \"allowed_roles\": [\"expert\", \"expert\", \"\"], \"turn_strategy\": 7, \"colour\": 1")
                        .stream().map(Problem::path).toList());
        assertEquals(List.of(new Problem("$.sender", "is required"), new Problem("$.content",
                "is required (a string, may be empty)")), problems("{}", PostedMessage.class));
        assertEquals(List.of(new Problem("$.policy", "is required: { turn_strategy, allowed_roles, max_turns_per_agent?,"
                + " ... }")), problems("{}", NewConversation.class));
        assertEquals(List.of(new Problem("$.role", "is required: { name, description?, capabilities?, priority? }")),
                problems("{\"agent_id\": \"a\"}", Join.class));
    }

    @Test
    void aValidRequestMakesTheValuesTheConversationJournals() {
        ConversationSpec spec = bind("{\"conversation_id\": \"c1\", \"project_id\": \"p\", \"policy\": {\"turn_strategy\":"
                + " \"Round_Robin\", \"allowed_roles\": [\"expert\", \"user\"], \"max_total_turns\": 9, \"primary_agent\":"
                + " \"ann\", \"collaborative_limit\": 2, \"consensus\": \"two_thirds\"}}", NewConversation.class)
                .toSpec(() -> "unused");
        // absent: max_turns_per_agent 10, loop_limit 3, no timeout
        assertEquals(new ConversationSpec("c1", "p", new ConversationPolicy(TurnStrategy.ROUND_ROBIN, 10,
                List.of("expert", "user"), null, 9, "ann", 2, ConversationPolicy.DEFAULT_LOOP_LIMIT, Threshold.TWO_THIRDS)),
                spec);
        assertEquals("new", bind("{\"policy\": {" + ROLES + "}}", NewConversation.class).toSpec(() -> "new")
                .conversationId());

        Join join = bind("{\"agent_id\": \"a\", \"role\": {\"name\": \"expert\"}}", Join.class);
        assertEquals(new AgentRole("expert", null, List.of(), 0), join.agentRole());
        assertNull(join.capabilities());   // the agent states none: journals written before hold none either

        // a handoff names the next agent; a suggestion of the same agent is dropped
        ConversationMessage m = bind("{\"sender\": \"a\", \"content\": \"hi\", \"suggested_next\": \"b\", \"handoff_to\":"
                + " \"b\", \"stance\": {\"claim\": \"c\", \"position\": \"oppose\"}, \"final\": true}", PostedMessage.class)
                .toMessage();
        assertEquals(new ConversationMessage(0, null, "a", "hi", List.of(), null, "b", new Stance("c", "oppose"), true,
                null), m);
        assertEquals(List.of(new Problem("$.handoff_to", "names c but suggested_next names b: name one next agent")),
                problems("{\"sender\": \"a\", \"content\": \"hi\", \"suggested_next\": \"b\", \"handoff_to\": \"c\"}",
                        PostedMessage.class));

        // a context write: null is a value; an absent value or version is a problem
        ContextWrite w = bind("{\"agent_id\": \"a\", \"value\": null, \"expected_version\": 0}", ContextWrite.class);
        assertEquals(true, w.value().isNull());
        assertEquals(BigInteger.ZERO, w.expectedVersion());
        assertEquals(List.of(new Problem("$.value", "is required (any JSON value)"),
                        new Problem("$.expected_version", "must be a whole number from 0 to 2147483647, not"
                                + " 18446744073709551616")),
                problems("{\"agent_id\": \"a\", \"expected_version\": 18446744073709551616}", ContextWrite.class));
    }
}
