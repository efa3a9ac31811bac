package io.conclave.journal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Lines gathered as UTF-8 bytes before one write: a JSON value is written straight into it ({@code Json.LINES}), and
 * the file is written from its own array, not from a copy of it. Not thread-safe: its owner's lock guards it.
 */
final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer(int capacity) {
        super(capacity);
    }

    /** The bytes gathered, over this buffer's own array. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(buf, 0, count);
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

    /** How many bytes the array holds room for. */
    int capacity() {
        return buf.length;
    }
}
