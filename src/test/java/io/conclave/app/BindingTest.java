package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.app.project.ProjectDefinitions;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.conversation.NewConversation;
import io.conclave.model.conversation.PostedMessage;

/**
 * A body with nothing wrong is bound by one strict read ({@link Binding#bind}); any other by the walk that finds
 * every problem ({@link Binding#walk}). The one read must change nothing: for each body, the two give the same
 * value and the same problems, and a body with a problem is the walk's (its problems, not a first one).
 */
class BindingTest {

    /** The shipped example projects: nested records, lists, maps of skill levels, dates and enums. */
    @Test
    void theExampleProjectsBindAsTheWalkBindsThem() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("projects"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "the example projects are in projects/");
        for (Path f : files) {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(f.toFile());
            tree.remove(ProjectDefinitions.SCHEMA_KEY); // as the definitions' reader does before binding
            tree.remove(ProjectDefinitions.IGNORED_FIELDS.keySet());
            sameAsTheWalk(tree, ProjectSpec.class);
            assertTrue(Binding.bind(tree, ProjectSpec.class, "$").problems().isEmpty(), f + " binds");
        }
    }

    @Test
    void aMessageWithEveryFieldBindsAsTheWalkBindsIt() throws IOException {
        JsonNode body = Json.MAPPER.readTree("""
                {"sender": "ann", "content": "Caf\\u00e9 at 9? \\ud83d\\ude00", "topics": ["plan", "budget"],
                 "suggested_next": "bob", "stance": {"claim": "ship on friday", "position": "support"},
                 "final": false}""");
        PostedMessage m = sameAsTheWalk(body, PostedMessage.class);
        assertEquals("Café at 9? \uD83D\uDE00", m.content());
        assertEquals(List.of("plan", "budget"), m.topics());
        assertEquals("support", m.stance().position());
        assertEquals(Boolean.FALSE, m.finalMessage());
    }

    @Test
    void aConversationWithNumbersAndNullsBindsAsTheWalkBindsIt() throws IOException {
        NewConversation c = sameAsTheWalk(Json.MAPPER.readTree("""
                {"conversation_id": "c1", "project_id": null,
                 "policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"], "max_turns_per_agent": 12,
                            "timeout_seconds": 30, "timeout": 2.5, "loop_limit": 3, "consensus": null}}"""),
                NewConversation.class);
        assertEquals(Double.valueOf(30), c.policy().timeoutSeconds()); // a whole number where a decimal goes
        assertEquals(java.math.BigInteger.valueOf(12), c.policy().maxTurnsPerAgent());
    }

    /**
     * Each kind of problem alone, so that the one read must refuse each by itself: an unknown field near a known
     * one, a number where text goes (no coercion), a decimal where a whole number goes, a wrong value in a nested
     * record and in a list. Then all of them in one body: the walk names every one, in the order of the fields.
     */
    @Test
    void aBodyWithAProblemGetsItsProblemsFromTheWalk() throws IOException {
        String ok = "\"sender\": \"ann\", \"content\": \"hello\"";
        assertEquals(List.of("$.sendr"), problems("{\"sendr\": \"ann\", \"content\": \"hello\"}", PostedMessage.class));
        assertEquals(List.of("$.content"), problems("{\"sender\": \"ann\", \"content\": 7}", PostedMessage.class));
        assertEquals(List.of("$.final"), problems("{" + ok + ", \"final\": \"yes\"}", PostedMessage.class));
        assertEquals(List.of("$.topics[1]"), problems("{" + ok + ", \"topics\": [\"plan\", 3]}", PostedMessage.class));
        assertEquals(List.of("$.stance.position"),
                problems("{" + ok + ", \"stance\": {\"claim\": \"x\", \"position\": 2}}", PostedMessage.class));
        assertEquals(List.of("$.policy.max_turns_per_agent"), problems("""
                {"policy": {"turn_strategy": "dynamic", "allowed_roles": [], "max_turns_per_agent": 1.5}}""",
                NewConversation.class));

        Binding.Bound<PostedMessage> all = sameAsTheWalk(Json.MAPPER.readTree("""
                {"sendr": "ann", "content": 7, "topics": ["plan", 3], "stance": {"claim": "x", "position": 2}}"""),
                PostedMessage.class, false);
        assertEquals(List.of("$.sendr", "$.content", "$.topics[1]", "$.stance.position"),
                all.problems().stream().map(p -> p.path()).toList());
        assertTrue(all.problems().get(0).message().contains("did you mean 'sender'?"), all.problems().get(0).message());
    }

    private static List<String> problems(String body, Class<?> type) throws IOException {
        return sameAsTheWalk(Json.MAPPER.readTree(body), type, false).problems().stream().map(p -> p.path()).toList();
    }

    private static <T> T sameAsTheWalk(JsonNode body, Class<T> type) {
        Binding.Bound<T> bound = sameAsTheWalk(body, type, true);
        assertNotNull(bound.value(), type.getSimpleName() + " binds");
        return bound.value();
    }

    private static <T> Binding.Bound<T> sameAsTheWalk(JsonNode body, Class<T> type, boolean valid) {
        Binding.Bound<T> bound = Binding.bind(body, type, "$");
        Binding.Bound<T> walked = Binding.walk(body, type, "$");
        assertEquals(walked.value(), bound.value(), "the value");
        assertEquals(walked.problems(), bound.problems(), "the problems");
        assertEquals(valid, bound.problems().isEmpty(), bound.problems().toString());
        return bound;
    }
}
