package io.conclave.engine.conversation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.HistoryFile;
import io.conclave.model.Json;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.TurnDecision;

/**
 * A conversation's whole history on disk, beside its journal: {@code messages.jsonl} (message n on line n, with the
 * agents that answered it) and {@code decisions.jsonl} (decision n on line n), as the API shows them. Memory keeps a
 * window of the newest; pages before it are read here. Derived from the journal: written once an entry is durable,
 * and whatever a crash lost is written again by the next replay.
 */
public final class ConversationHistory implements AutoCloseable {
    private final Path folder;
    private HistoryFile messages;
    private HistoryFile decisions;

    public ConversationHistory(Path folder) {
        this.folder = folder;
    }

    /** No history on disk: a scratch copy of a conversation (a why-not replay) keeps everything in memory. */
    static ConversationHistory none() {
        return new ConversationHistory(null);
    }

    /** True when the history is on disk (not a scratch copy's). */
    boolean onDisk() {
        return folder != null;
    }

    private HistoryFile messages() throws IOException {
        if (messages == null) {
            messages = new HistoryFile(folder.resolve("messages.jsonl"));
        }
        return messages;
    }

    private HistoryFile decisions() throws IOException {
        if (decisions == null) {
            decisions = new HistoryFile(folder.resolve("decisions.jsonl"));
        }
        return decisions;
    }

    /** Writes the messages and decisions the files do not hold yet (numbered after their last line), in order. */
    synchronized void append(List<ConversationMessage> newMessages, List<TurnDecision> newDecisions) throws IOException {
        if (folder == null) {
            return;
        }
        if (!newMessages.isEmpty()) {
            HistoryFile f = messages();
            List<ConversationMessage> unwritten = new ArrayList<>();
            long next = f.count() + 1;
            for (ConversationMessage m : newMessages) {
                if (m.seq() == next) {
                    unwritten.add(m);
                    next++;
                }
            }
            f.append(unwritten);
        }
        if (!newDecisions.isEmpty()) {
            HistoryFile f = decisions();
            List<TurnDecision> unwritten = new ArrayList<>();
            long next = f.count() + 1;
            for (TurnDecision d : newDecisions) {
                if (d.getSeq() == next) {
                    unwritten.add(d);
                    next++;
                }
            }
            f.append(unwritten);
        }
    }

    /** Cuts the files back to the first {@code messageCount} messages and {@code decisionCount} decisions. */
    synchronized void keep(long messageCount, long decisionCount) throws IOException {
        if (folder == null) {
            return;
        }
        messages().truncate(messageCount);
        decisions().truncate(decisionCount);
    }

    /** Up to {@code limit} messages numbered after {@code after}, oldest first. */
    synchronized List<ConversationMessage> messages(long after, int limit) throws IOException {
        List<ConversationMessage> out = new ArrayList<>();
        for (String line : messages().read(after, limit)) {
            out.add(Json.MAPPER.readValue(line, ConversationMessage.class));
        }
        return out;
    }

    /** Up to {@code limit} decisions numbered after {@code after}, oldest first, as the API shows them. */
    synchronized List<JsonNode> decisions(long after, int limit) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : decisions().read(after, limit)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    /** Writes the lines the files hold back (a conversation going to sleep keeps nothing in memory). */
    synchronized void flush() throws IOException {
        if (messages != null) {
            messages.flush();
        }
        if (decisions != null) {
            decisions.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (messages != null) {
            messages.close();
            messages = null;
        }
        if (decisions != null) {
            decisions.close();
            decisions = null;
        }
    }
}
