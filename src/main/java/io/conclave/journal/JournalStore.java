package io.conclave.journal;

import java.io.IOException;
import java.nio.file.Path;

import io.conclave.model.command.Command;

/**
 * Where the journals of the owners live. {@link #FILES}, the default, keeps each owner's journal in a file
 * of its folder ({@link FileJournal}); a cluster keeps them on Kafka topic partitions
 * ({@link io.conclave.journal.kafka.KafkaJournals}). A registry asks its store for an owner's journal when it
 * creates or recovers the owner, and tells it when an owner is deleted or a damaged tail is set aside.
 */
public interface JournalStore {
    /** The local files of one node: a journal file per owner, under its folder. */
    JournalStore FILES = new JournalStore() {
        @Override
        public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
            return new FileJournal<>(folder, codec);
        }

        @Override
        public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage)
                throws IOException {
            String kept;
            try (Journal<?> journal = new FileJournal<>(folder, null)) {
                kept = journal.setAside(damage);
            }
            try (var lines = java.nio.file.Files.lines(Path.of(kept))) {
                return new SetAside(kept, (int) lines.filter(l -> !l.isBlank()).count());
            }
        }
    };

    /** The journal of owner {@code id} of the codec's kind ({@code folder}: the owner's folder in the data folder). */
    <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder);

    /** Records durably that owner {@code id} was deleted, so a replay no longer rebuilds it; nothing for files. */
    default void deleted(CommandCodec<?> codec, String id) throws IOException {
    }

    /** Sets the damaged tail of a journal aside (see {@link Journal#setAside}): where it is kept, and how many entries. */
    SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage) throws IOException;

    /** What a repair set aside: where the entries are kept (a file, or a topic partition's offsets) and how many. */
    record SetAside(String where, int entries) {
    }

    /** Whether journals are files in the owners' folders, which other processes may share. */
    default boolean local() {
        return this == FILES;
    }

    /**
     * Whether this process serves owner {@code id} of {@code kind} now: always with files; in a cluster, only the
     * owners of the partitions this node holds (an owner it does not find may live on another node).
     */
    default boolean serves(String kind, String id) {
        return true;
    }
}
