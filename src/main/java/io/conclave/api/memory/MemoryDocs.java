package io.conclave.api.memory;

/**
 * What the OpenAPI document says of the memory endpoints, written once for the two doors that serve them (a
 * project's, {@link ProjectMemoryResource}, and a conversation's, {@link ConversationMemoryResource}): the same
 * operations on another owner, each with an operationId of its own.
 */
final class MemoryDocs {
    static final String AGENT = "An agent's memory: its working memory (capacity, short-term and long-term items), "
            + "its state and its kept checkpoints";
    static final String AGENT_200 = "The agent's memory (capacity null before it is opened)";
    static final String OPEN = "The agent opens its working memory: { capacity } (short-term items before a store "
            + "moves the least important to long-term memory), or changes it";
    static final String STORE = "The agent stores an item: { key, value, importance? (1.0) }; a store past the "
            + "capacity moves the least important fifth to long-term memory";
    static final String STORE_200 = "The item, what the store moved to long-term memory, the memory after";
    static final String RETRIEVE = "The agent retrieves an item (an access, journaled): from short-term memory, or "
            + "from long-term memory, which it leaves once accessed more than five times";
    static final String RETRIEVE_404 = "The agent holds no such item (not_in_memory)";
    static final String SAVE_STATE = "The agent saves its state: { beliefs? (object), goals? (array), metrics? "
            + "(object) }";
    static final String CHECKPOINT = "The agent checkpoints its state and working memory (saving { beliefs?, goals?, "
            + "metrics? } first when given); the last five checkpoints are kept";
    static final String RESTORE = "The agent goes back to a kept checkpoint: its state and its working memory";
    static final String RESTORE_404 = "The checkpoint is not kept (checkpoint_not_kept)";
    static final String SHARED = "Every key of the shared memory: its home copy, each agent's copy, the eventual "
            + "writes on their way";
    static final String WRITE = "An agent writes a key of the shared memory: { agent_id, value, consistency? "
            + "(\"eventual\" or \"strong\") }";
    static final String READ = "A read of a shared key: as agent_id reads it (its own copy first, else the home "
            + "copy), or the home copy with consistency=strong or without an agent";
    static final String READ_404 = "No such key (shared_key_not_found)";
    static final String INVALID_400 = "Every problem of the request, each with its JSON path";

    private MemoryDocs() {
    }
}
