package io.conclave.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import io.conclave.journal.CommandCodec;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.ConversationSpec;

/**
 * All conversations, each with its own session and journal under
 * {@code <data>/conversations/<conversation_id>/}.
 */
public final class ConversationRegistry extends OwnerRegistry<ConversationRuntime> {
    private final JournaledRuntime.Setting setting;

    public ConversationRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                                Consumer<ServiceEvent> events) {
        this(dataDir, new JournaledRuntime.Setting(policies, maxFirings, wallClock, events));
    }

    public ConversationRegistry(Path dataDir, JournaledRuntime.Setting setting) {
        super("conversation", dataDir, setting.wallClock(), CommandCodec.CONVERSATION, (id, folder, journals) -> ConversationRuntime.recover(id,
                journals.open(CommandCodec.CONVERSATION, id, folder), setting));
        this.setting = setting;
    }

    /** Opens a conversation from a validated spec; 409 when the id is taken. */
    public ConversationRuntime create(ConversationSpec spec, String actor) {
        return create(spec.conversationId(), folder -> ConversationRuntime.create(spec, actor,
                journals().open(CommandCodec.CONVERSATION, spec.conversationId(), folder), setting));
    }
}
