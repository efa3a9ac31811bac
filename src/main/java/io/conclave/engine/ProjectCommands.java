package io.conclave.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.JournalEntry;
import io.conclave.model.conflict.ConflictCommand;
import io.conclave.model.AnnounceRequest;
import io.conclave.model.Bid;
import io.conclave.model.DelegationRequest;
import io.conclave.model.Json;
import io.conclave.model.JournalStamped;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.Interrupt;
import io.conclave.model.run.MeetingOutcome;

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
                    b.path("agent_id").asText())),
            JournalEntry.BID, ProjectCommands::bid,
            JournalEntry.ANNOUNCE, b -> {
                AnnounceRequest r = new AnnounceRequest(b.get("task_id").asText(), b.get("actor").asText());
                return new Command(r, r.toString());
            },
            JournalEntry.INTERRUPT, ProjectCommands::interrupt,
            JournalEntry.MEETING_OUTCOME, b -> {
                MeetingOutcome o = MeetingOutcome.fromJson(b);
                return new Command(o, o.toString());
            },
            JournalEntry.DELEGATE, body -> {
                DelegationRequest r = new DelegationRequest(body.get("task_id").asText(),
                        body.get("agent_id").asText(), body.get("to").asText());
                return new Command(r, r.toString());
            });

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

    /** A bid body as journaled: {@code task_id, agent_id} and either {@code cost} (+ {@code confidence}) or {@code decline: true}. */
    private static Command bid(JsonNode b) {
        Bid bid = new Bid(b.get("task_id").asText(), b.get("agent_id").asText(),
                b.hasNonNull("cost") ? b.get("cost").asDouble() : null,
                b.hasNonNull("confidence") ? b.get("confidence").asDouble() : null,
                b.path("decline").asBoolean(false));
        return new Command(bid, bid.toString());
    }

    /**
     * An interrupt body as journaled (validated by InterruptService): {@code action}, and as the action
     * needs {@code task_id}, {@code priority}, {@code task} (a task in the project format), {@code reason}.
     */
    private static Command interrupt(JsonNode b) {
        ProjectSpec.TaskSpec task = null;
        if (b.hasNonNull("task")) {
            try {
                task = Json.JOURNAL.treeToValue(b.get("task"), ProjectSpec.TaskSpec.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("journaled interrupt task does not read: " + e.getOriginalMessage(), e);
            }
        }
        Interrupt i = new Interrupt(b.path("action").asText(), task != null ? task.taskId() : b.path("task_id").asText(null),
                b.path("priority").asInt(0), task, b.path("reason").asText(null));
        return new Command(i, i.getAction() + " interrupt");
    }

    static Command decode(JournalEntry e) {
        Function<JsonNode, Command> decoder = DECODERS.get(e.type());
        if (decoder == null) {
            throw new IllegalStateException("unknown journal entry type " + e.type());
        }
        Command c = decoder.apply(e.body());
        if (c.fact() instanceof JournalStamped stamped) {
            stamped.stamp(e.seq(), e.actor(), e.recordedAt());
        }
        return c;
    }
}
