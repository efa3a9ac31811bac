package io.conclave.app.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.conclave.model.Json;

/**
 * What the tests do to an evidence export, as someone editing the file would: change text inside one entry's line,
 * take an entry out, swap two, change a decision. Entries are named by their number (entry 1 is the first line).
 */
public final class ExportEdits {
    private final ObjectNode export;

    private ExportEdits(ObjectNode export) {
        this.export = export;
    }

    /** An export's JSON text, to edit. */
    public static ExportEdits of(String json) {
        try {
            return new ExportEdits((ObjectNode) Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ArrayNode entries() {
        return (ArrayNode) export.get("entries");
    }

    /** The line of entry {@code seq}. */
    public String line(int seq) {
        return entries().get(seq - 1).asText();
    }

    /** Replaces the first {@code from} in entry {@code seq}'s line by {@code to} (a changed byte when they differ by one). */
    public ExportEdits replaceInEntry(int seq, String from, String to) {
        String line = line(seq);
        if (!line.contains(from)) {
            throw new IllegalArgumentException("entry " + seq + " holds no " + from + ": " + line);
        }
        entries().set(seq - 1, TextNode.valueOf(line.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to))));
        return this;
    }

    /** Takes entry {@code seq}'s line out. */
    public ExportEdits remove(int seq) {
        entries().remove(seq - 1);
        return this;
    }

    /** Swaps the lines of entries {@code a} and {@code b}. */
    public ExportEdits swap(int a, int b) {
        JsonNode x = entries().get(a - 1);
        entries().set(a - 1, entries().get(b - 1));
        entries().set(b - 1, x);
        return this;
    }

    /** The first decision of {@code kind} about {@code taskId}. */
    public ObjectNode decision(String kind, String taskId) {
        for (JsonNode d : export.get("decisions")) {
            if (kind.equals(d.path("kind").asText()) && taskId.equals(d.path("task_id").asText())) {
                return (ObjectNode) d;
            }
        }
        throw new IllegalArgumentException("no " + kind + " decision about " + taskId);
    }

    /** The signed statement, as an object to read. */
    public JsonNode statement() {
        try {
            return Json.MAPPER.readTree(export.get("signed").get("statement").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text inside the signed statement (its signature stays as it was). */
    public ExportEdits replaceInStatement(String from, String to) {
        ObjectNode signed = (ObjectNode) export.get("signed");
        signed.put("statement", signed.get("statement").asText().replace(from, to));
        return this;
    }

    public String json() {
        try {
            return Json.MAPPER.writeValueAsString(export);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
