package io.conclave.model.conversation;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message of a conversation as stored in its history: its number, sender, content and topics,
 * what it suggested, its stance and whether it is final, and who the rules let answer it.
 */
public record ConversationMessage(long seq, Instant at, String sender, String content, List<String> topics,
                                  String suggestedNext, String handoffTo, Stance stance,
                                  @JsonProperty("final") boolean finalMessage,
                                  List<String> responders) {
    public ConversationMessage {
        topics = List.copyOf(topics);
        responders = responders == null ? List.of() : List.copyOf(responders);
    }

    /** The request the rules decide: topics in lower case, and the content's words to find context keys it names. */
    public TurnRequest toRequest() {
        Set<String> lower = new LinkedHashSet<>();
        topics.forEach(t -> lower.add(t.toLowerCase(Locale.ROOT)));
        String suggested = handoffTo != null ? handoffTo : suggestedNext;
        return new TurnRequest(seq, sender, lower, words(content), suggested, handoffTo != null, stance, finalMessage);
    }

    /** The same message with the agents that answer it. */
    public ConversationMessage answeredBy(List<String> agents) {
        return new ConversationMessage(seq, at, sender, content, topics, suggestedNext, handoffTo, stance, finalMessage,
                agents);
    }

    /** The words of a text in lower case: runs of letters, digits, '_' and '-'. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return out;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean word = Character.isLetterOrDigit(c) || c == '_' || c == '-';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return out;
    }
}
