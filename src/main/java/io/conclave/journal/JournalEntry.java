package io.conclave.journal;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One accepted command of a project, a meeting or a conversation, as written to its journal: a sequence number, the command type,
 * who asked for it (the acting agent, or "operator" for administrative commands), the policy version
 * it ran under, when it was accepted and its body.
 */
public record JournalEntry(long seq, String type, String actor, String policyVersion, Instant recordedAt,
                           JsonNode body) {

    public static final String CREATE = "create";
    public static final String TASK_EVENT = "task_event";
    public static final String RUN = "run";
    /** A simulated run starts (asynchronous runs): its id and request. */
    public static final String RUN_START = "run_start";
    /** A simulated run advances: the number of simulated events it processed, so replay does the same. */
    public static final String RUN_STEP = "run_step";
    /** A simulated run stops for good because the policy failed during a step: its id and the error. */
    public static final String RUN_STOP = "run_stop";
    /** A CEO interrupt (pause, resume, skip, reprioritise, add_task, status). */
    public static final String INTERRUPT = "interrupt";
    /** The project goes back to a saved state (a checkpoint): the journal up to that entry. */
    public static final String RESTORE = "restore";
    /** A meeting task's meeting closed: its accepted proposals and action items, for spawning. */
    public static final String MEETING_OUTCOME = "meeting_outcome";
    public static final String POLICY_SWITCH = "policy_switch";
    /** Meeting commands (the create and policy_switch types above serve meetings too). */
    public static final String JOIN = "join";
    public static final String LEAVE = "leave";
    public static final String MESSAGE = "message";
    public static final String VOTE = "vote";
    public static final String STATE = "state";
    /** Conversation commands (with create, join, leave, message, tick and policy_switch above). */
    public static final String CONTEXT = "context";
    public static final String AGENT_STATE = "agent_state";
    /** Time passed and a meeting's rules acted on it (a deadline); written only when something changed. */
    public static final String TICK = "tick";
    /** Goal conflicts of a project: a proposal ({conflict_id, agent_id, option, rationale, topic, parties}) and a resolve request. */
    public static final String CONFLICT_PROPOSAL = "conflict_proposal";
    public static final String CONFLICT_RESOLVE = "conflict_resolve";
    /** Contract net: an agent's bid or decline on a call for proposals (a project command). */
    public static final String BID = "bid";
    /** Contract net: the operator asks for a task to be announced again (a project command). */
    public static final String ANNOUNCE = "announce";
    /** Project command: the holder of an assigned task hands it to an agent below it (delegation_requests.drl). */
    public static final String DELEGATE = "delegate";
}
