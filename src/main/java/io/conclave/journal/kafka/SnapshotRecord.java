package io.conclave.journal.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.model.Json;

/**
 * A snapshot as the compacted snapshot topic keeps it, keyed by the owner's id: the seq and the partition
 * offset of its marker entry, the state's digest and the state itself, with a CRC-32C of the state.
 */
public record SnapshotRecord(long seq, long offset, String digest, String crc, String state) {

    public static SnapshotRecord of(long seq, long offset, String digest, String state) {
        return new SnapshotRecord(seq, offset, digest, crc(state), state);
    }

    public String toJson() throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(this);
    }

    /** The record a value holds; an {@link IOException} when it does not read or its state does not match its CRC. */
    public static SnapshotRecord parse(String json) throws IOException {
        SnapshotRecord r;
        try {
            r = Json.JOURNAL.readValue(json, SnapshotRecord.class);
        } catch (JsonProcessingException e) {
            throw new IOException("a snapshot record does not read: " + e.getOriginalMessage());
        }
        if (r.state() == null || !crc(r.state()).equals(r.crc())) {
            throw new IOException("a snapshot record's state does not match its checksum");
        }
        return r;
    }

    static String crc(String s) {
        CRC32C crc = new CRC32C();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
