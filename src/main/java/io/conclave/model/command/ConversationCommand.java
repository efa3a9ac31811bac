package io.conclave.model.command;

/** The commands a conversation's journal holds. */
public sealed interface ConversationCommand extends Command permits CreateConversation, JoinConversation, Leave, TakeSnapshot,
        SendMessage, WriteContext, SaveAgentState, Tick, SwitchPolicy, RepairJournal, MemoryCommand {
}
