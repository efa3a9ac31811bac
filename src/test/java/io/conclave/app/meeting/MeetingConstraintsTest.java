package io.conclave.app.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.conclave.app.Checks;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.NewMeeting;
import io.conclave.model.meeting.Threshold;

/**
 * The meeting constraints (Text, AgentId, MeetingTerm, TimeLimit, MessageFields and NewMeeting's cross-field
 * rules) through {@link Checks}, as the service applies them, with a plain Bean Validation factory: each problem's
 * JSON path and exact words.
 */
class MeetingConstraintsTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Checks CHECKS = new Checks(FACTORY.getValidator());

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static List<Problem> meetingProblems(String json) {
        try {
            CHECKS.bind(Json.MAPPER.readTree(json), NewMeeting.class, "a meeting");
            return List.of();
        } catch (CommandException e) {
            return e.problems();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static NewMeeting meeting(String json) throws java.io.IOException {
        return CHECKS.bind(Json.MAPPER.readTree(json), NewMeeting.class, "a meeting");
    }

    private static List<Problem> messageProblems(String json) throws java.io.IOException {
        PostToMeeting m = CHECKS.bind(Json.MAPPER.readTree(json), PostToMeeting.class, "the body");
        return CHECKS.violations(m, PostToMeeting.Posted.class).stream()
                .sorted(java.util.Comparator.comparing(Problem::path).thenComparing(Problem::message)).toList();
    }

    @Test
    void textIsRequiredNotBlankAndBounded() {
        // topic: required, at most 200; goal: optional, at most 2000. A blank topic is "blank", not "too long".
        assertEquals(List.of(new Problem("$.topic", "is required")),
                meetingProblems("{\"creator\": \"a\", \"participants\": []}"));
        assertEquals(List.of(new Problem("$.topic", "must not be blank")),
                meetingProblems("{\"topic\": \"" + " ".repeat(201) + "\", \"creator\": \"a\", \"participants\": []}"));
        assertEquals(List.of(new Problem("$.topic", "is 201 characters long; at most 200"),
                        new Problem("$.goal", "is 2001 characters long; at most 2000")),
                meetingProblems("{\"topic\": \"" + "t".repeat(201) + "\", \"goal\": \"" + "g".repeat(2001)
                        + "\", \"creator\": \"a\", \"participants\": []}"));
    }

    @Test
    void agentIdsAreSafeIdsAndNotTheServicesName() {
        // "conclave" signs the service's own messages; "../x" is no safe id; a blank creator is blank text first
        List<Problem> p = meetingProblems("{\"topic\": \"t\", \"creator\": \" \", \"facilitator\": \"conclave\","
                + " \"participants\": [\"a\", \"../x\", \"a\"]}");
        assertEquals(List.of(new Problem("$.creator", "must not be blank"),
                new Problem("$.facilitator", "'conclave' is reserved for messages of the service"),
                new Problem("$.participants[1]", "'../x' is not a valid id: use 1-128 letters, digits, '_', '-' or '.', "
                        + "starting with a letter or digit, without '..'"),
                new Problem("$.participants[2]", "'a' is listed twice")), p);
    }

    @Test
    void theProtocolsBoundsComeFromTheInvitedAgents() throws java.io.IOException {
        // invited: a, b (participants) and c (creator) = 3. fault_tolerance 0..2, quorum 1..3.
        String head = "{\"topic\": \"t\", \"creator\": \"c\", \"participants\": [\"a\", \"b\"], \"protocol\": ";
        assertEquals(List.of(new Problem("$.protocol.fault_tolerance",
                        "must be a whole number from 0 to 2 (the invited agents bound it), not 3"),
                new Problem("$.protocol.quorum", "must be a whole number from 1 to 3 (the invited agents bound it), not 4")),
                meetingProblems(head + "{\"threshold\": \"bft\", \"fault_tolerance\": 3, \"quorum\": 4}}"));
        assertEquals(List.of(new Problem("$.protocol.fault_tolerance", "applies only to the bft threshold")),
                meetingProblems(head + "{\"fault_tolerance\": 1}}"));
        // within the protocol, by path
        assertEquals(List.of(new Problem("$.protocol.archive_after_minutes",
                        "must be a number of minutes above 0 and at most a year, not 525600.5"),
                new Problem("$.protocol.threshold", "'most' is not a threshold; use majority, two_thirds, unanimous or bft"),
                new Problem("$.protocol.voting_minutes", "must be a number of minutes above 0 and at most a year, not -1")),
                meetingProblems(head + "{\"threshold\": \"most\", \"voting_minutes\": -1, "
                        + "\"archive_after_minutes\": 525600.5}}"));
        // bft without f: the most faults 3 agents tolerate, (3 - 1) / 3 = 0; 7 agents would tolerate 2
        MeetingSpec spec = meeting(head + "{\"threshold\": \"BFT\"}}").toSpec(() -> "m1");
        assertEquals(Threshold.BFT, spec.protocol().threshold());
        assertEquals(0, spec.protocol().faultTolerance());
        assertEquals(List.of("a", "b", "c"), spec.participants());
        assertEquals("m1", spec.meetingId());
        assertEquals(24 * 60.0, spec.protocol().archiveAfterMinutes());
    }

    @Test
    void aTaskNeedsItsProjectAndASlotItsTimes() {
        assertEquals(List.of(new Problem("$.task_id", "a task_id needs the project_id of its project"),
                new Problem("$.slot.end_time", "is 6 characters long; at most 5"),
                new Problem("$.slot.start_time", "is required")),
                meetingProblems("{\"topic\": \"t\", \"creator\": \"c\", \"participants\": [], \"task_id\": \"t1\","
                        + " \"slot\": {\"date\": \"2024-01-15\", \"end_time\": \"10:00x\"}}"));
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldItProbablyMeant() {
        List<Problem> p = meetingProblems("{\"topic\": \"t\", \"creator\": \"c\", \"participant\": []}");
        assertEquals("$.participant", p.get(0).path());
        assertTrue(p.get(0).message().startsWith("unknown field, did you mean 'participants'?"), p.get(0).message());
        assertEquals(new Problem("$.participants", "is required (the invited agents)"), p.get(1));
    }

    @Test
    void aMessageHasTheFieldsOfItsTypeWithValuesOfTheVocabulary() throws java.io.IOException {
        // a comment without text, with a vote's field; the vote itself is no vote word either
        assertEquals(List.of(new Problem("$.text", "is required"),
                        new Problem("$.vote", "'maybe' is not a vote; use yes, no or abstain"),
                        new Problem("$.vote", "is not a field of a comment message; its fields are [reply_to_message_id, text]")),
                messageProblems("{\"agent_id\": \"a\", \"message_type\": \"comment\", \"vote\": \"maybe\"}"));
        // a blank required field; a state that is none; a proposal that states its own outcome
        assertEquals(List.of(new Problem("$.new_state", "'done' is not a meeting state; use open, discussion, voting, "
                + "closed or archived")), messageProblems("{\"agent_id\": \"a\", \"message_type\": \"state_change\","
                + " \"new_state\": \"done\"}"));
        assertEquals(List.of(new Problem("$.status", "a new proposal is 'proposed'; the vote decides the rest"),
                        new Problem("$.title", "must not be blank")),
                messageProblems("{\"agent_id\": \"a\", \"message_type\": \"proposal\", \"title\": \" \", \"status\": \"accepted\"}"));
        assertEquals(List.of(new Problem("$.agent_id", "'conclave' is reserved for messages of the service"),
                        new Problem("$.message_type", "'memo' is not a message type; use one of [proposal, comment, vote, "
                                + "summary, agenda_item, state_change]")),
                messageProblems("{\"agent_id\": \"conclave\", \"message_type\": \"memo\"}"));
        assertEquals(List.of(), messageProblems("{\"agent_id\": \"a\", \"message_type\": \"vote\", \"proposal_id\": \"p1\","
                + " \"vote\": \"YES\"}"));
    }

    @Test
    void aValueTheClientSentIsNeverEvaluatedAsAnExpression() {
        // Hibernate Validator evaluates ${...} in messages; the words of a problem are put in as literal text
        List<Problem> p = meetingProblems("{\"topic\": \"t\", \"creator\": \"c\", \"participants\": [],"
                + " \"protocol\": {\"threshold\": \"${1+1}\"}}");
        assertEquals(List.of(new Problem("$.protocol.threshold",
                "'${1+1}' is not a threshold; use majority, two_thirds, unanimous or bft")), p);
        assertThrows(CommandException.class, () -> CHECKS.bind(null, NewMeeting.class, "a meeting"));
    }
}
