package io.conclave.engine.owner;

import java.util.ArrayList;
import java.util.List;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.Command;

/**
 * A journal held in memory only, for a scratch copy of an owner (a dry run): what it accepted is kept so a
 * refused entry can be rolled back by replaying the others, and nothing ever reaches the disk.
 */
public final class MemoryJournal<C extends Command> implements Journal<C> {
    private final List<JournalEntry<C>> entries = new ArrayList<>();

    @Override
    public Read<C> read() {
        return new Read<>(List.copyOf(entries), null);
    }

    @Override
    public void append(JournalEntry<C> entry) {
        entries.add(entry);
    }

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public String setAside(Damage damage) {
        throw new UnsupportedOperationException("a scratch journal is never damaged");
    }

    @Override
    public String location() {
        return "(memory)";
    }

    @Override
    public void close() {
        entries.clear();
    }
}
