package io.conclave.model.conversation;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * A collaborative round: the agents granted a turn on one message (by priority) and the responses
 * they gave so far, with their stances. A round stays open until every responder answered or the
 * next round opens.
 */
@ClassReactive
public class Round implements Fact {
    /** One response: who, with what priority, in which message, taking which stance (may be null). */
    public record Response(String agentId, int priority, long messageSeq, Stance stance) {
    }

    private final int number;
    private final long messageSeq;
    private final List<String> responders;
    private final List<Response> responses = new ArrayList<>();
    private boolean open = true;

    public Round(int number, long messageSeq, List<String> responders) {
        this.number = number;
        this.messageSeq = messageSeq;
        this.responders = List.copyOf(responders);
    }

    public int getNumber() { return number; }
    /** The message the round answers. */
    public long getMessageSeq() { return messageSeq; }
    public List<String> getResponders() { return responders; }
    public List<Response> getResponses() { return responses; }
    public boolean isOpen() { return open; }
    public void close() { open = false; }

    /** The responders of this round that have not answered yet, in the responders' order. */
    public List<String> getAwaited() {
        return responders.stream().filter(this::awaits).toList();
    }

    /** True when {@code agentId} is a responder of this round that has not answered yet. */
    public boolean awaits(String agentId) {
        return responders.contains(agentId) && responses.stream().noneMatch(r -> r.agentId().equals(agentId));
    }

    /**
     * The responses that take a stance on {@code claim}, in the order they were given: what the policy ranks when the
     * claim is contradicted (conversation_rounds.drl, {@code rankStances}).
     */
    public List<Response> stancesOn(String claim) {
        List<Response> out = new ArrayList<>();
        for (Response r : responses) {
            if (r.stance() != null && r.stance().claim().equals(claim)) {
                out.add(r);
            }
        }
        return out;
    }

    public void respond(Response r) {
        responses.add(r);
    }

    public boolean isComplete() {
        return responses.size() == responders.size();
    }

    @Override
    public String factKey() {
        return String.format("%09d", number);
    }

    @Override
    public String describe() {
        return "round " + number + " on message " + messageSeq + " [" + responses.size() + " of " + responders.size()
                + " answered" + (open ? "" : ", closed") + "]";
    }
}
