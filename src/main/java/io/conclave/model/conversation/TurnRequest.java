package io.conclave.model.conversation;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.kie.api.definition.type.ClassReactive;

/**
 * A message asking the rules who answers it: its sender, topics, the words of its content (to find
 * shared-context keys it names), an optional suggestion or handoff, a stance and the final flag. The
 * rules mark it decided once they granted a turn, found nobody, or ended the conversation.
 */
// rules test derived properties (suggestionPending): re-evaluate every pattern on modify
@ClassReactive
public class TurnRequest implements ConversationInput {
    private final long seq;
    private final String sender;
    private final Set<String> topics;
    private final Set<String> words;
    private final String suggested;
    private final boolean handoff;
    private final Stance stance;
    private final boolean finalMessage;
    private boolean suggestionDone;
    private boolean loopGuarded;
    private boolean decided;

    /**
     * @param suggested the agent named by {@code handoff_to} (then {@code handoff} is true) or {@code suggested_next}
     */
    public TurnRequest(long seq, String sender, Set<String> topics, Set<String> words, String suggested, boolean handoff,
                       Stance stance, boolean finalMessage) {
        this.seq = seq;
        this.sender = sender;
        this.topics = new TreeSet<>(topics);
        this.words = Set.copyOf(words);
        this.suggested = suggested;
        this.handoff = handoff;
        this.stance = stance;
        this.finalMessage = finalMessage;
    }

    /** The message's number in the conversation. */
    public long getSeq() { return seq; }
    public String getSender() { return sender; }
    @Override
    public String getAgentId() { return sender; }
    /** Topics in lower case: the message's own and the shared-context keys it names. */
    public Set<String> getTopics() { return topics; }
    public void addTopic(String topic) { topics.add(topic.toLowerCase(Locale.ROOT)); }

    /** True when the content names {@code key} as a word and it is not a topic yet. */
    public boolean namesNew(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return words.contains(k) && !topics.contains(k);
    }
    public Set<String> getWords() { return words; }
    public String getSuggested() { return suggested; }
    public boolean isHandoff() { return handoff; }
    public Stance getStance() { return stance; }
    public boolean isFinalMessage() { return finalMessage; }

    /** True while a suggested agent waits to be accepted or rejected. */
    public boolean isSuggestionPending() { return suggested != null && !suggestionDone && !decided; }
    public void suggestionDone() { suggestionDone = true; }

    /** True once the loop guard overruled this message's handoff: a third agent must answer. */
    public boolean isLoopGuarded() { return loopGuarded; }
    public void setLoopGuarded(boolean loopGuarded) { this.loopGuarded = loopGuarded; }

    public boolean isDecided() { return decided; }
    public void setDecided(boolean decided) { this.decided = decided; }

    @Override
    public String toString() {
        // described for the ledger on every rule firing: kept short (the topics are in the decision's details)
        return "message " + seq + " from " + sender
                + (suggested == null ? "" : (handoff ? ", handoff to " : ", suggesting ") + suggested)
                + (finalMessage ? ", final" : "");
    }
}
