package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.project.ProjectRegistry;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.JournalStore;
import io.conclave.model.CommandException;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.Command;

/**
 * A command whose journal does not take it is rolled back by replaying the journal; when that replay fails too (the
 * journal unreadable at that moment: a cluster's partition moving away, a disk gone), what the session holds is what
 * no journal has, so nobody reads it: reads and commands answer 503 until the journal replays, and then show what
 * it holds, without the command that was refused.
 */
public class LostRollBackTest {

    /** Journals in files that can be told to refuse appends and reads, as an unreachable store would. */
    static final class Flaky implements JournalStore {
        volatile boolean appends = true;
        volatile boolean reads = true;

        @Override
        public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
            FileJournal<C> files = new FileJournal<>(folder, codec);
            return new Journal<>() {
                @Override
                public Read<C> read() throws IOException {
                    if (!reads) {
                        throw new IOException("the journal cannot be read now");
                    }
                    return files.read();
                }

                @Override
                public Start<C> start() throws IOException {
                    if (!reads) {
                        throw new IOException("the journal cannot be read now");
                    }
                    return files.start();
                }

                @Override
                public void append(JournalEntry<C> entry) throws IOException {
                    if (!appends) {
                        throw new IOException("the journal takes nothing now");
                    }
                    files.append(entry);
                }

                @Override
                public long size() throws IOException {
                    return files.size();
                }

                @Override
                public String setAside(Damage damage) throws IOException {
                    return files.setAside(damage);
                }

                @Override
                public String location() {
                    return files.location();
                }

                @Override
                public Stored stored() throws IOException {
                    return files.stored();
                }

                @Override
                public void saveSnapshot(Snapshot snapshot) throws IOException {
                    files.saveSnapshot(snapshot);
                }

                @Override
                public void close() throws IOException {
                    files.close();
                }
            };
        }

        @Override
        public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage) throws IOException {
            return JournalStore.FILES.setAside(codec, id, folder, damage);
        }
    }

    @Test
    void anOwnerWhoseRollBackFailedIsNeverReadUntilItsJournalReplays(@TempDir Path data) throws IOException {
        Flaky store = new Flaky();
        ProjectRegistry projects = new ProjectRegistry(data, MeetingStoreTest.shipped(), 100_000, Clock.systemUTC());
        projects.journalsIn(store);
        projects.create(io.conclave.app.ProjectSchemaCheck.spec("""
                {"project_id": "o", "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}],
                 "tasks": [{"task_id": "t1", "required_skills": {"x": 1}},
                           {"task_id": "t2", "required_skills": {"x": 1}, "dependencies": ["t1"]}]}"""), "operator");
        projects.get("o").report(TaskEvent.Kind.START, "t1", "ann", s -> { });
        // ann started t1 (journaled); t2 waits for it
        assertEquals("[t1=IN_PROGRESS, t2=PENDING]", state(projects));

        store.appends = false;
        store.reads = false;
        CommandException refused = assertThrows(CommandException.class,
                () -> projects.get("o").report(TaskEvent.Kind.COMPLETE, "t1", "ann", s -> { }));
        assertEquals(CommandException.Kind.UNAVAILABLE, refused.kind(), refused::getMessage);
        // the completion was applied to the session before the journal refused it, and the journal could not be read
        // to roll it back: a read must not see t1 completed (nor t2 made ready by it), it is refused
        CommandException read = assertThrows(CommandException.class, () -> state(projects));
        assertEquals("replay_failed", read.code(), read::getMessage);
        CommandException listed = assertThrows(CommandException.class, () -> projects.get("o").summary());
        assertEquals("replay_failed", listed.code(), listed::getMessage);

        store.reads = true;
        // the journal reads again: the project is what it holds, ann's start, without the refused completion
        assertEquals("[t1=IN_PROGRESS, t2=PENDING]", state(projects));
        store.appends = true;
        projects.get("o").report(TaskEvent.Kind.COMPLETE, "t1", "ann", s -> { });
        // and the completion, sent again, goes through: t2 is ready and goes to ann, the only agent with skill x
        assertEquals("[t1=COMPLETED, t2=ASSIGNED]", state(projects));
    }

    private static String state(ProjectRegistry projects) {
        return projects.get("o").read(s -> s.tasks().stream().map(t -> t.getTaskId() + "=" + t.getStatus()).toList()
                .toString());
    }
}
