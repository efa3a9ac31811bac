package io.conclave.engine.project;

import java.io.IOException;
import java.util.List;

import org.jboss.logging.Logger;

import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.TakeSnapshot;

/**
 * A copy of a project's journal as it is now, and whether a run was open then: what a dry run (or a why-not)
 * replays into a scratch copy while the project goes on. {@code startState}: when the entries start with a
 * snapshot marker rather than the creation, the state that marker holds (else null).
 */
record JournalCopy(List<JournalEntry<ProjectCommand>> entries, boolean runOpen, String startState) {
    /** The project's log category: what its copies log, the project logs. */
    private static final Logger LOG = Logger.getLogger(ProjectRuntime.class);

    /**
     * The copy of project {@code projectId}'s journal, taken under its lock from the entries it holds
     * ({@code history}). A project replayed from a stored snapshot holds only the entries from the snapshot's
     * marker on; the journal is read again from its creation then (a journal file keeps every entry), so a dry
     * run decides the whole history under the other policy. Only when the journal no longer has its beginning (a
     * cluster's partition forgets the entries before a snapshot; a damaged entry before the marker) do the entries
     * start at the marker, with the snapshot's state ({@code startState}) to start from.
     */
    static JournalCopy of(String projectId, List<JournalEntry<ProjectCommand>> history, Journal<ProjectCommand> journal,
                          boolean open, String startState) {
        if (history.isEmpty() || !(history.get(0).command() instanceof TakeSnapshot)) {
            return new JournalCopy(List.copyOf(history), open, null);
        }
        try {
            List<JournalEntry<ProjectCommand>> all = journal.read().entries();
            if (!all.isEmpty() && all.get(0).command() instanceof CreateProject
                    && all.get(all.size() - 1).seq() == history.get(history.size() - 1).seq()) {
                return new JournalCopy(List.copyOf(all), open, null);
            }
        } catch (IOException e) {
            LOG.warnf("project %s: the journal before its snapshot does not read (%s): the dry run starts at"
                    + " the snapshot", projectId, e.getMessage());
        }
        return new JournalCopy(List.copyOf(history), open, startState);
    }
}
