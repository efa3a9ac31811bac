package io.conclave.journal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalUnavailable;
import io.conclave.model.command.ProjectCommand;

/**
 * An owner's journal on a partition's log refuses to be read once that log is let go or the owner's log in it replaced:
 * an owner rebuilt ahead on it catches up through that read, and must be rebuilt instead (a takeover of a partition read
 * ahead twice, or of an owner deleted and created again meanwhile, would otherwise catch up from a log that no longer
 * grows).
 */
class KafkaJournalTest {
    private static final TopicPartition TP = new TopicPartition("conclave.projects", 0);

    private static PartitionLog<ProjectCommand> log() {
        return new PartitionLog<>(null, TP, CommandCodec.PROJECT, null, 0, -1, Map.of());
    }

    @Test
    void aLogLetGoIsNotReadThrough() throws Exception {
        PartitionLog<ProjectCommand> log = log();
        KafkaJournal<ProjectCommand> p = new KafkaJournal<>(log, "p", CommandCodec.PROJECT);
        assertEquals(0, p.read().entriesOrThrow().size(), "nothing written yet, and readable");
        log.close();
        assertThrows(JournalUnavailable.class, p::read);
    }

    @Test
    void anOwnerDeletedAndCreatedAgainIsNotReadThroughItsOldLog() throws Exception {
        PartitionLog<ProjectCommand> log = log();
        KafkaJournal<ProjectCommand> before = new KafkaJournal<>(log, "p", CommandCodec.PROJECT);
        ConsumerRecord<String, String> deletion = new ConsumerRecord<>(TP.topic(), TP.partition(), 7, "p", "");
        deletion.headers().add(new RecordHeader(PartitionLog.CONTROL,
                PartitionLog.DELETED.getBytes(StandardCharsets.UTF_8)));
        log.take(deletion);
        KafkaJournal<ProjectCommand> after = new KafkaJournal<>(log, "p", CommandCodec.PROJECT);
        assertThrows(JournalUnavailable.class, before::read);
        assertEquals(0, after.read().entriesOrThrow().size(), "the new owner's journal reads");
    }
}
