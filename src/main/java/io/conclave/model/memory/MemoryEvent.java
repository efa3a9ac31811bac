package io.conclave.model.memory;

import io.conclave.model.DecisionKind;
import io.conclave.model.conversation.TurnDecisionKind;

/** What the memory rules decide, as the decision kind of a project's ledger and of a conversation's. */
public enum MemoryEvent {
    STORED(DecisionKind.MEMORY_STORED, TurnDecisionKind.MEMORY_STORED),
    EVICTED(DecisionKind.MEMORY_EVICTED, TurnDecisionKind.MEMORY_EVICTED),
    PROMOTED(DecisionKind.MEMORY_PROMOTED, TurnDecisionKind.MEMORY_PROMOTED),
    SHARED_WRITTEN(DecisionKind.SHARED_MEMORY_WRITTEN, TurnDecisionKind.SHARED_MEMORY_WRITTEN),
    SHARED_PROPAGATED(DecisionKind.SHARED_MEMORY_PROPAGATED, TurnDecisionKind.SHARED_MEMORY_PROPAGATED),
    STATE_SAVED(DecisionKind.AGENT_STATE_SAVED, TurnDecisionKind.AGENT_STATE_SAVED),
    CHECKPOINTED(DecisionKind.AGENT_CHECKPOINTED, TurnDecisionKind.AGENT_CHECKPOINTED),
    STATE_RESTORED(DecisionKind.AGENT_STATE_RESTORED, TurnDecisionKind.AGENT_STATE_RESTORED);

    private final DecisionKind decisionKind;
    private final TurnDecisionKind turnKind;

    MemoryEvent(DecisionKind decisionKind, TurnDecisionKind turnKind) {
        this.decisionKind = decisionKind;
        this.turnKind = turnKind;
    }

    public DecisionKind decisionKind() { return decisionKind; }
    public TurnDecisionKind turnKind() { return turnKind; }
}
