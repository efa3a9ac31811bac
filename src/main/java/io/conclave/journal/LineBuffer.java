package io.conclave.journal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Lines gathered as UTF-8 bytes before one write: a JSON value is written straight into it ({@code Json.LINES}), and
 * the file is written from its own array, not from a copy of it. Not thread-safe: its owner's lock guards it.
 */
final class LineBuffer extends ByteArrayOutputStream {
    /** The largest buffer kept from one write to the next: one a large write grew past it is let go. */
    static final int KEPT = 64 * 1024;

    LineBuffer(int capacity) {
        super(capacity);
    }

    /** The bytes gathered, over this buffer's own array. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(buf, 0, count);
    }

    /** This buffer's own array: its first {@link #size()} bytes are what was gathered. */
    byte[] array() {
        return buf;
    }

    /** Keeps the first {@code size} bytes only: what a failed write left after them is dropped. */
    void cut(int size) {
        count = size;
    }

    /** Appends text that is ASCII only (JSON punctuation, names and numbers the store writes itself). */
    LineBuffer ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            write(text.charAt(i));
        }
        return this;
    }

    /** Whether this buffer, once written out, is small enough to keep for the next write ({@link #KEPT}). */
    boolean worthKeeping() {
        return buf.length <= KEPT;
    }

    /** {@code kept} emptied for the next write, or a new buffer of {@code capacity} bytes if none is worth keeping. */
    static LineBuffer emptied(LineBuffer kept, int capacity) {
        if (kept == null || !kept.worthKeeping()) {
            return new LineBuffer(capacity);
        }
        kept.reset();
        return kept;
    }
}
