package io.conclave.model.run;

import java.util.ArrayList;
import java.util.List;

import io.conclave.model.Fact;

/**
 * The audit trail of a project's accepted interrupts, in order: one per project, inserted with the
 * project's facts. The rule that applies an interrupt takes the next id ({@code i-1}, {@code i-2}...)
 * and records what it changed; the decisions of the same command complete the record in the view.
 * A {@link Fact}, so it survives a policy hot swap; a restart rebuilds it by replaying the journal. A
 * restore to a checkpoint keeps it whole ({@link #carryOver}): the audit trail is history, not state.
 */
public final class InterruptLog implements Fact {
    private final List<InterruptRecord> records = new ArrayList<>();

    /** The id the next accepted interrupt gets. */
    public String nextId() {
        return "i-" + (records.size() + 1);
    }

    /** Records an applied interrupt under {@code id} (from {@link #nextId()}), with what it changed in words. */
    public void append(Interrupt i, String id, String change) {
        records.add(new InterruptRecord(id, i.getAction(), i.getTaskId(), i.getRequestedBy(), i.getRequestedAt(),
                i.getSeq(), i.getReason(), change, null));
    }

    /**
     * After a restore rebuilt the project to journal entry {@code restoredTo}: the trail is history, so it
     * takes back every record the project had before the restore ({@code before}), those after the restored
     * point marked as undone by {@code restore}. Ids go on after the last one: an id is never given twice.
     */
    public void carryOver(List<InterruptRecord> before, long restoredTo, String restore) {
        if (before.size() <= records.size()) {
            return;
        }
        records.clear();
        for (InterruptRecord r : before) {
            records.add(r.commandSeq() > restoredTo ? r.undone(restore) : r);
        }
    }

    public List<InterruptRecord> getRecords() {
        return List.copyOf(records);
    }

    /** The latest record, without copying the others (null when none was accepted). */
    public InterruptRecord latest() {
        return records.isEmpty() ? null : records.get(records.size() - 1);
    }

    @Override
    public String factKey() {
        return "";
    }

    @Override
    public String describe() {
        return "interrupt log [" + records.size() + " accepted]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
