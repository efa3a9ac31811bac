package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.core.MediaType;

/**
 * Whether a request body is text as the API takes it: UTF-8 and nothing else, read strictly, so that no byte is
 * changed on the way in. Refused, each with where it is: a byte-order mark; a sequence that is not UTF-8 (an
 * over-long form such as {@code C0 AF}, which a lenient decoder reads as {@code /}; an encoded surrogate; a
 * truncated sequence); a NUL byte (a UTF-16 body has one in every other byte); and, in JSON, an escaped surrogate
 * that is not half of a pair ({@code "\ud800"}, which could only be kept as {@code ?}).
 * <p>
 * Every body the API takes is read by one of its own readers, each of which reads the bytes through {@link #read}
 * first: {@link JsonTrees} (a {@code JsonNode}), {@link TypedBodies} (a request record) and {@link TextBodies} (a rule
 * file). They are readers of Quarkus REST's own kind and there is no reader interceptor: with one, Quarkus REST
 * parses the resource method's parameter annotations from its class file again at every request, and copies the
 * request's headers into a map, for every body. {@link BodyReader#anyReads} says which types they read; a test
 * holds every resource method's body to it.
 */
public final class RequestText {
    private RequestText() {
    }

    /** The body's bytes, refused with 400 {@code malformed_text} (its problem and position) when they are not text. */
    static byte[] read(InputStream body, boolean json) throws IOException {
        byte[] bytes = body.readAllBytes();
        String problem = problem(bytes, json);
        if (problem != null) {
            throw ApiException.badRequest("malformed_text", "the request body is not UTF-8 text as sent: " + problem,
                    List.of(ApiError.Detail.at("$", problem)));
        }
        return bytes;
    }

    /** Whether a body of this media type is JSON (application/json, or a type whose subtype ends in +json). */
    static boolean json(MediaType type) {
        return type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"));
    }

    /** What is wrong with {@code body}, with its position; null when it is good text. */
    static String problem(byte[] body, boolean json) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            return "starts with a byte-order mark (EF BB BF): send UTF-8 without one";
        }
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF
                || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)) {
            return "starts with a UTF-16 byte-order mark: send UTF-8";
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return at(body, i) + ": a NUL byte (is the body UTF-16? send UTF-8)";
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int from = in.position();
            return at(body, from) + ": not UTF-8 (" + hex(body, from, result.length()) + ")";
        }
        if (decoder.flush(out).isError()) {
            return at(body, body.length) + ": the body ends inside a UTF-8 sequence";
        }
        return json ? loneSurrogate(out.flip(), body) : null;
    }

    /** The first {@code \\uD800}-{@code \\uDFFF} escape in a JSON string that is not half of a pair, or null. */
    private static String loneSurrogate(CharBuffer text, byte[] body) {
        boolean inString = false;
        int pendingHigh = -1;
        for (int i = 0; i < text.limit(); i++) {
            char c = text.get(i);
            if (!inString) {
                inString = c == '"';
                continue;
            }
            if (c == '"') {
                if (pendingHigh >= 0) {
                    return surrogate(text, body, pendingHigh);
                }
                inString = false;
            } else if (c == '\\' && i + 1 < text.limit()) {
                char next = text.get(i + 1);
                int unit = next == 'u' ? hexUnit(text, i + 2) : -1;
                boolean high = unit >= 0xD800 && unit <= 0xDBFF;
                boolean low = unit >= 0xDC00 && unit <= 0xDFFF;
                if (pendingHigh >= 0 && !low || pendingHigh < 0 && low) {
                    return surrogate(text, body, pendingHigh >= 0 ? pendingHigh : i);
                }
                pendingHigh = high ? i : -1;
                i += next == 'u' ? 5 : 1;
            } else if (pendingHigh >= 0) {
                return surrogate(text, body, pendingHigh);
            }
        }
        return null;
    }

    private static int hexUnit(CharBuffer text, int from) {
        if (from + 4 > text.limit()) {
            return -1;
        }
        try {
            return Integer.parseInt(text.subSequence(from, from + 4).toString(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String surrogate(CharBuffer text, byte[] body, int charIndex) {
        int bytes = StandardCharsets.UTF_8.encode(text.duplicate().position(0).limit(charIndex)).remaining();
        return at(body, bytes) + ": " + text.subSequence(charIndex, Math.min(charIndex + 6, text.limit()))
                + " is half of a UTF-16 surrogate pair: it is no character and could not be kept";
    }

    /** "byte N (line L, column C)", counting from 1, columns in bytes. */
    private static String at(byte[] body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < body.length; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "byte " + (offset + 1) + " (line " + line + ", column " + (offset - lineStart + 1) + ")";
    }

    private static String hex(byte[] body, int from, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < Math.min(body.length, from + Math.max(1, length)); i++) {
            out.append(out.length() == 0 ? "" : " ").append(String.format("%02X", body[i] & 0xFF));
        }
        return out.toString();
    }
}
