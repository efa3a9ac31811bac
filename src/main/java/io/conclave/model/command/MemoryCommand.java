package io.conclave.model.command;

import java.util.List;

import io.conclave.model.memory.MemoryOwner;
import io.conclave.model.memory.MemoryRequest;

/**
 * A command on the memory of a project or a conversation (an agent's working memory, the shared memory, an agent's
 * state and checkpoints): journaled by the owner like any of its commands, decided by rules/memory/.
 */
public sealed interface MemoryCommand extends ProjectCommand, ConversationCommand permits OpenWorkingMemory, StoreMemory,
        RetrieveMemory, WriteSharedMemory, SaveAgentMind, CheckpointAgent, RestoreAgent {
    /**
     * The fact the memory rules decide on, for {@code owner}; {@code agents} are the owner's agents (its roster, its
     * present members), whose copies of the shared memory a write reaches.
     */
    MemoryRequest toRequest(MemoryOwner owner, List<String> agents);
}
