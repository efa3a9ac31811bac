package io.conclave.model.meeting;

import io.conclave.model.Fact;

/**
 * A message a meeting has stored (posted by an agent, or written by the service: a state change, the
 * minutes), as the participation rules see it: its id, who wrote it, its number in the meeting. The
 * meeting's runtime keeps one per stored message, so rules can decide on what was said before
 * ("Message ids are unique in a meeting").
 */
public final class PostedMessage implements Fact {
    private final String messageId;
    private final String agentId;
    private final long seq;

    public PostedMessage(String messageId, String agentId, long seq) {
        this.messageId = messageId;
        this.agentId = agentId;
        this.seq = seq;
    }

    /** The fact of a stored message. */
    public static PostedMessage of(MeetingMessage m) {
        return new PostedMessage(m.messageId(), m.agentId(), m.seq());
    }

    public String getMessageId() { return messageId; }
    public String getAgentId() { return agentId; }
    public long getSeq() { return seq; }

    @Override
    public String factKey() {
        return String.format("%012d", seq);
    }

    @Override
    public String describe() {
        return "message " + messageId + " (#" + seq + " by " + agentId + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
