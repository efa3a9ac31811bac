package io.conclave.journal;

import java.io.IOException;

import io.conclave.model.Json;
import io.conclave.model.inbox.InboxItem;

/** The lines of an agent's inbox file ({@link InboxStore}), each with its newline, written straight into bytes. */
final class InboxLines {
    private InboxLines() {
    }

    /** {@code {"item":{...},"pos":n}}: an item added at position {@code pos}. */
    static void item(LineBuffer out, InboxItem item, long pos) throws IOException {
        out.ascii("{\"item\":");
        Json.LINES.writeValue(out, item);
        out.ascii(",\"pos\":").ascii(Long.toString(pos)).ascii("}\n");
    }

    /** {@code {"settled":"<id>"}}: an item the service found no longer waiting for its agent. */
    static void settled(LineBuffer out, String itemId) throws IOException {
        out.ascii("{\"settled\":");
        Json.LINES.writeValue(out, itemId);
        out.ascii("}\n");
    }

    /**
     * {@code {"ack":"<id>"}}: an item acknowledged; with {@code ,"subject":"<s>"} for an item kept in memory only,
     * which no line holds ({@link InMemoryItems}).
     */
    static void ack(LineBuffer out, String itemId, String subject) throws IOException {
        out.ascii("{\"ack\":");
        Json.LINES.writeValue(out, itemId);
        if (subject != null) {
            out.ascii(",\"subject\":");
            Json.LINES.writeValue(out, subject);
        }
        out.ascii("}\n");
    }
}
