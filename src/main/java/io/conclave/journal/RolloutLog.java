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

import io.conclave.model.Json;

/**
 * The log of canary roll-outs ({@code <data>/policies/rollouts.jsonl}): one {@link RolloutRecord} a line, each
 * forced to disk before it returns. The projects' side of a roll-out (each move to the version and back) is in
 * their own journals; this log says which roll-out moved them, with what they had then, and how it ended, so a
 * restart finds every roll-out where it was and finishes what a stop interrupted.
 */
public final class RolloutLog {
    private final Path file;

    public RolloutLog(Path file) {
        this.file = file;
    }

    /** Appends one record, forced to disk before it returns. */
    public synchronized void append(RolloutRecord record) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] line = (Json.MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line));
            ch.force(true);
        }
    }

    /** Every record, oldest first; a line a crash left torn (it was never acknowledged) is skipped. */
    public synchronized List<RolloutRecord> read() throws IOException {
        List<RolloutRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.JOURNAL.readValue(line, RolloutRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a torn last line: the call that wrote it never answered
            }
        }
        return out;
    }
}
