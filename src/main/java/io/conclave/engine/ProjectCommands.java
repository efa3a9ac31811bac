package io.conclave.engine;

import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.JournalEntry;
import io.conclave.model.DelegationRequest;

/**
 * The coordination commands a project journal may hold besides creation, reports and runs: each
 * journal type and how its body becomes the fact the rules decide on. One table, so live commands and
 * replay decode a command the same way.
 */
final class ProjectCommands {
    /** A decoded command: the fact to post, and how a refusal names it when no rule handles it. */
    record Command(Object fact, String description) {
    }

    private static final Map<String, Function<JsonNode, Command>> DECODERS = Map.of(
            JournalEntry.DELEGATE, body -> {
                DelegationRequest r = new DelegationRequest(body.get("task_id").asText(),
                        body.get("agent_id").asText(), body.get("to").asText());
                return new Command(r, r.toString());
            });

    private ProjectCommands() {
    }

    static Command decode(JournalEntry e) {
        Function<JsonNode, Command> decoder = DECODERS.get(e.type());
        if (decoder == null) {
            throw new IllegalStateException("unknown journal entry type " + e.type());
        }
        return decoder.apply(e.body());
    }
}
