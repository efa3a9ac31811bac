package io.conclave.engine.conversation;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import io.conclave.journal.CommandCodec;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.policy.PolicySource;

/**
 * All conversations, each with its own session and journal under
 * {@code <data>/conversations/<conversation_id>/}.
 */
public final class ConversationRegistry extends OwnerRegistry<ConversationRuntime> {
    private final JournaledRuntime.Setting setting;
    private final java.util.concurrent.atomic.AtomicInteger window;

    public ConversationRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                                Consumer<ServiceEvent> events) {
        this(dataDir, new JournaledRuntime.Setting(policies, maxFirings, wallClock, events));
    }

    public ConversationRegistry(Path dataDir, JournaledRuntime.Setting setting) {
        this(dataDir, setting, new java.util.concurrent.atomic.AtomicInteger(ConversationRuntime.DEFAULT_WINDOW));
    }

    private ConversationRegistry(Path dataDir, JournaledRuntime.Setting setting,
                                 java.util.concurrent.atomic.AtomicInteger window) {
        super("conversation", dataDir, setting.wallClock(), CommandCodec.CONVERSATION, (id, folder, journals) -> ConversationRuntime.recover(id,
                journals.open(CommandCodec.CONVERSATION, id, folder), setting, new ConversationHistory(folder),
                window.get()));
        this.setting = setting;
        this.window = window;
    }

    /**
     * Keeps the newest {@code messages} messages of each conversation in memory from now on (at least, with their turns;
     * the decisions: {@link RecentHistory#DECISIONS_KEPT}), the older ones read back from the history beside the
     * journal when asked for.
     */
    public void historyWindow(int messages) {
        window.set(Math.max(1, messages));
    }

    /** Opens a conversation from a validated spec; 409 when the id is taken. */
    public ConversationRuntime create(ConversationSpec spec, String actor) {
        return create(spec.conversationId(), folder -> ConversationRuntime.create(spec, actor,
                journals().open(CommandCodec.CONVERSATION, spec.conversationId(), folder), setting,
                new ConversationHistory(folder), window.get()));
    }
}
