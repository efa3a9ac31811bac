package io.conclave.model;

/** What a decision in the ledger decided, and the event it is published as on the event stream. */
public enum DecisionKind {
    /** A task went to one agent. */
    ASSIGNED("TASK_ASSIGNED"),

    /** A meeting task occupies all of its attendees. */
    MEETING_CONVENED("MEETING_TASK_CONVENED"),

    /** A READY task waits: agents qualify but all are at capacity. */
    WAITING("TASK_WAITING"),

    /** No agent has the skills: the task can never be assigned under this policy. */
    UNASSIGNABLE("TASK_UNASSIGNABLE"),

    /** A task moved between statuses (readiness, start, completion, failure, blocking). */
    STATUS_CHANGED("TASK_STATUS_CHANGED"),

    /** A follow-up task became known after its parent completed. */
    FOLLOW_UP_RELEASED("FOLLOW_UP_RELEASED"),

    /** An agent's capacity was given back when its task ended. */
    CAPACITY_RELEASED(null),

    /** Contract net: a call for proposals went to the invited agents (again, after a round without bids). */
    ANNOUNCED("CALL_FOR_PROPOSALS"),

    /** Contract net: an invited agent bid or declined. */
    BID_RECEIVED("BID_RECEIVED"),

    /** Contract net: the best bid won the task; the other bidders were rejected. */
    AWARDED("CONTRACT_AWARDED"),

    /** Hierarchy: a manager handed the task to an agent below it. */
    DELEGATED("TASK_DELEGATED"),

    /** Decomposition: a parent task's subtasks became known; its outcome combines theirs. */
    DECOMPOSED("TASK_DECOMPOSED"),

    /** A failed task goes back to READY for another attempt. */
    RETRIED("TASK_RETRIED"),

    /** A conflict (resource, goal, priority, double-booked meeting) was detected. */
    CONFLICT_DETECTED("CONFLICT_DETECTED"),

    /** A conflict was settled, with the winner and why. */
    CONFLICT_RESOLVED("CONFLICT_RESOLVED"),

    /** Learning: an agent's skills (and preference for the task type) grew from a task it completed. */
    LEARNED("AGENT_LEARNED"),

    /** Calendar run: a task's earliest start was planned (its scheduled date, or the start date). */
    START_PLANNED(null),

    /** Calendar run, auto_adjust_dates: a dependent's planned start moved after a dependency that finished late. */
    START_SHIFTED("TASK_START_SHIFTED"),

    /** Calendar run without auto_adjust_dates: a dependency finished after a task's planned start. */
    RUNNING_LATE("TASK_RUNNING_LATE"),

    /** Incremental run: the run stopped at a checkpoint (after a task, after a meeting, at a day's end). */
    CHECKPOINT("RUN_CHECKPOINT"),

    /** A run was paused (an interrupt, or an oversight trigger asking for a review). */
    RUN_PAUSED("RUN_PAUSED"),

    /** A paused run continues. */
    RUN_RESUMED("RUN_RESUMED"),

    /** A run ended failed: nothing more could progress and no task had completed. */
    RUN_FAILED("RUN_FAILED"),

    /** An oversight trigger fired in a run that takes no human input (or is stopped already): recorded, not paused. */
    REVIEW_POINT("RUN_REVIEW_POINT"),

    /** An interrupt skipped a task. */
    TASK_SKIPPED("TASK_SKIPPED"),

    /** An interrupt changed a task's priority. */
    REPRIORITISED("TASK_REPRIORITISED"),

    /** An interrupt added a task to the project. */
    TASK_ADDED("TASK_ADDED"),

    /** An interrupt asked for the project's status; the decision carries the snapshot. */
    STATUS_REPORTED("STATUS_REPORTED"),

    /** A task was spawned from a meeting's accepted proposal or action item, or a management meeting was spawned. */
    SPAWNED("TASK_SPAWNED"),

    /** Spawning stopped: a cap (per project, or on spawn depth) was reached. */
    SPAWN_STOPPED("SPAWN_STOPPED"),

    /** An agent joined the project (registered by an operator). */
    AGENT_REGISTERED("AGENT_REGISTERED"),

    /** An agent's definition changed (skills, capacity, manager...); its open work stayed with it. */
    AGENT_UPDATED("AGENT_UPDATED"),

    /** An agent left the project; its open work was released first. */
    AGENT_RETIRED("AGENT_RETIRED"),

    /** A task went back to READY because its holder left the project: the serving rules place it again. */
    TASK_RELEASED("TASK_RELEASED"),

    /** An agent proposed who should do a task: the proposal is kept until the task is served. */
    ASSIGNEE_PROPOSED("ASSIGNEE_PROPOSED"),

    /** The rules accepted a proposed assignee: the task went to it. */
    PROPOSAL_ACCEPTED("ASSIGNEE_PROPOSAL_ACCEPTED"),

    /** The rules overruled a proposed assignee, with the reason; the task is served as any other. */
    PROPOSAL_OVERRULED("ASSIGNEE_PROPOSAL_OVERRULED"),

    /** An agent stored an item in its working memory (rules/memory/working_memory.drl). */
    MEMORY_STORED("MEMORY_STORED"),

    /** A store took an agent's short-term memory over its capacity: its least important items moved to long-term memory. */
    MEMORY_EVICTED("MEMORY_EVICTED"),

    /** An item often accessed came back from long-term to short-term memory. */
    MEMORY_PROMOTED("MEMORY_PROMOTED"),

    /** An agent wrote a key of the shared memory, strongly or eventually (rules/memory/shared_memory.drl). */
    SHARED_MEMORY_WRITTEN("SHARED_MEMORY_WRITTEN"),

    /** An eventual write reached the other agents' copies. */
    SHARED_MEMORY_PROPAGATED("SHARED_MEMORY_PROPAGATED"),

    /** An agent saved its beliefs, goals and metrics (rules/memory/agent_state.drl). */
    AGENT_STATE_SAVED("AGENT_STATE_SAVED"),

    /** An agent checkpointed its state with a copy of its working memory. */
    AGENT_CHECKPOINTED("AGENT_CHECKPOINTED"),

    /** An agent went back to one of its kept checkpoints. */
    AGENT_STATE_RESTORED("AGENT_STATE_RESTORED"),

    /** Goal conflict: the parties that had not proposed were asked to (each gets a proposal_requested inbox item). */
    PROPOSAL_REQUESTED("CONFLICT_PROPOSAL_REQUESTED"),

    /** A shared resource an agent asked for went to it alone, first of the requests ranked (a resource_granted item). */
    RESOURCE_GRANTED("RESOURCE_GRANTED"),

    /** A shared resource went to another agent; these keep waiting, each with why (a resource_denied item each). */
    RESOURCE_DENIED("RESOURCE_DENIED"),

    /** An agent let go of a shared resource, or withdrew its request. */
    RESOURCE_RELEASED("RESOURCE_RELEASED"),

    /** Time slicing of a shared resource: an agent got a window of it (an execution_window item). */
    WINDOW_GRANTED("EXECUTION_WINDOW"),

    /** A roster agent's open work in its other projects was read and counted against its capacity here. */
    WORK_ELSEWHERE("AGENT_WORK_ELSEWHERE");

    private final String eventType;

    DecisionKind(String eventType) {
        this.eventType = eventType;
    }

    /** The event type this decision is published as ({@code TASK_ASSIGNED}...), null when it is not published. */
    public String eventType() {
        return eventType;
    }
}
