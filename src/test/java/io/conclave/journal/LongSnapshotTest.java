package io.conclave.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.kafka.SnapshotRecord;
import io.conclave.model.Json;

/**
 * A project's snapshot keeps its ledger as one JSON string, which passes Jackson's default limit for one string
 * (20,000,000 characters) after some 34,000 commands of the 12-task example: from then on no snapshot could be read
 * back, so none was taken, and a restart replayed everything after the last one. The journal reader (what the
 * service wrote) reads strings of any length; request bodies keep the limit.
 */
class LongSnapshotTest {
    /** One character over the default limit. */
    private static final int LONG = 20_000_001;

    @Test
    void aSnapshotStateWithALedgerOverTwentyMillionCharactersReadsBack() throws Exception {
        String ledger = "d".repeat(LONG);
        JsonNode state = Json.JOURNAL.readTree("{\"policy_version\":\"v\",\"ledger\":\"" + ledger + "\"}");
        assertEquals(LONG, state.get("ledger").asText().length());
    }

    @Test
    void aClusterSnapshotRecordOverTwentyMillionCharactersReadsBackWithItsChecksum() throws Exception {
        String stateText = "{\"ledger\":\"" + "d".repeat(LONG) + "\"}";
        SnapshotRecord r = SnapshotRecord.parse(SnapshotRecord.of(7, 42, "digest", stateText).toJson());
        assertEquals(stateText, r.state());
        assertEquals(42, r.offset());
    }

    @Test
    void aRequestBodyKeepsTheLimit() {
        assertThrows(StreamConstraintsException.class,
                () -> Json.MAPPER.readTree("{\"title\":\"" + "t".repeat(LONG) + "\"}"));
    }
}
