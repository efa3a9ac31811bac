package io.conclave.app.followup;

import java.util.List;

import io.conclave.model.command.Command;

/**
 * The one way a workflow of one owner acts on another owner: a project's meeting task creates its meeting, the
 * closed meeting reports its outcome back to the project, a conversation opens its vote as a meeting. Such a
 * command is a <em>follow-up</em>: a typed command for owner {@code ownerId}, run as {@code actor} (the identity
 * the journal records, the same whichever node runs it), once per {@code key}. On one node it runs on this
 * node's owners ({@link LocalOwnerCommands}); in a cluster it runs where the owner is served
 * ({@link ClusterOwnerCommands}). Java only carries the command: the target's rules decide it as any other.
 */
public interface OwnerCommands {

    /**
     * Runs a follow-up on its owner and says what became of it; a refusal by the owner (its rules, a missing
     * owner, a creation of an owner that exists: {@code meeting_exists}) is thrown as the {@link io.conclave.model.CommandException} the owner's node raised, and an owner
     * that could not be reached in time as one of kind {@code UNAVAILABLE}.
     */
    Outcome send(FollowUp followUp);

    /** What became of a follow-up that was not refused. */
    enum Outcome {
        /** Applied now (journaled with its key). */
        APPLIED,
        /** Its owner's journal holds its key already: it was applied before (a retry, a resend). */
        ALREADY_APPLIED,
        /** Its condition does not hold on its owner any more: nothing was done. */
        SKIPPED
    }

    /**
     * One command for one owner. {@code key} is derived from the decision that caused it (the owner and the
     * event that triggered it), so the same follow-up sent again carries the same key. {@code onlyIf}, when
     * given, is checked on the target as today's workflows check it on one node: the command is skipped
     * unless it holds.
     */
    record FollowUp(String kind, String ownerId, Command command, String actor, String key, OnlyIf onlyIf) {
        public FollowUp {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a follow-up needs a key");
            }
        }
    }

    /**
     * A condition on the target: for a project, the status of its task {@code taskId} is one of {@code states}
     * (TaskStatus names); for a meeting ({@code taskId} null), its state is one of {@code states} (as the API
     * writes them, e.g. {@code open}).
     */
    record OnlyIf(String taskId, List<String> states) {
        public OnlyIf {
            states = states == null ? List.of() : List.copyOf(states);
        }
    }
}
