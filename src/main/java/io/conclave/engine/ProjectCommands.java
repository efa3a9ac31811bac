package io.conclave.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.JournalEntry;
import io.conclave.model.conflict.ConflictCommand;

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
            JournalEntry.CONFLICT_PROPOSAL, ProjectCommands::conflictProposal,
            JournalEntry.CONFLICT_RESOLVE, b -> command(ConflictCommand.resolve(b.path("conflict_id").asText(),
                    b.path("agent_id").asText())));

    private ProjectCommands() {
    }

    private static Command command(ConflictCommand c) {
        return new Command(c, c.toString());
    }

    private static Command conflictProposal(JsonNode b) {
        List<String> parties = new ArrayList<>();
        b.path("parties").forEach(p -> parties.add(p.asText()));
        return command(ConflictCommand.propose(b.path("conflict_id").asText(), b.path("agent_id").asText(),
                b.path("option").asText(), b.path("rationale").asText(null), b.path("topic").asText(null), parties));
    }

    static Command decode(JournalEntry e) {
        Function<JsonNode, Command> decoder = DECODERS.get(e.type());
        if (decoder == null) {
            throw new IllegalStateException("unknown journal entry type " + e.type());
        }
        return decoder.apply(e.body());
    }
}
