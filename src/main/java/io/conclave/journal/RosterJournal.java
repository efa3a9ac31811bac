package io.conclave.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;

/**
 * The organisation roster's journal ({@code <data>/roster/journal.jsonl}): one JSON object a line, each change of the
 * roster as it was accepted (an agent registered or redefined, an agent that joined a project), forced to disk before
 * the change is answered. The roster is rebuilt at start by reading the lines in order; a torn last line (a crash
 * while writing it) is left out, as its change was never answered.
 */
public final class RosterJournal {
    private final Path file;

    public RosterJournal(Path dataDir) throws IOException {
        this.file = dataDir.resolve("roster").resolve("journal.jsonl");
        Files.createDirectories(file.getParent());
    }

    /** Every entry written so far, in order. */
    public synchronized List<JsonNode> read() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            String line = text.substring(start, nl);
            if (!line.isBlank()) {
                out.add(Json.MAPPER.readTree(line));
            }
            start = nl + 1;
        }
        return out; // text after the last newline is a torn line: never answered
    }

    /** Appends an entry and forces it to disk. */
    public synchronized void append(ObjectNode entry) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
