package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.conclave.journal.FileJournal;
import io.conclave.model.CommandException;
import io.conclave.model.TaskEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.project.ProjectRegistry;

/**
 * A damaged journal never rebuilds an owner from changed or missing commands: the owner is listed as
 * damaged with the file and the entry, refuses commands and a second creation with 409, and comes back
 * only when an operator repairs it, from the entries before the damage. A crash mid-write (a torn last
 * line) is not damage, and a creation that never finished leaves nothing that blocks the id.
 */
public class DamagedJournalTest {

    /** Each kind of owner, built with three journal entries: its creation and two commands. */
    enum Kind {
        PROJECT("projects", "project") {
            @Override
            OwnerRegistry<?> registry(Path data) {
                return new ProjectRegistry(data, MeetingStoreTest.shipped(), 100_000, Clock.systemUTC());
            }

            @Override
            void build(OwnerRegistry<?> r) throws IOException {
                ProjectRegistry projects = (ProjectRegistry) r;
                projects.create(io.conclave.app.ProjectSchemaCheck.spec("""
                        {"project_id": "o", "agents": [{"agent_id": "ann", "skill_levels": {"x": 5}}],
                         "tasks": [{"task_id": "t1", "required_skills": {"x": 1}},
                                   {"task_id": "t2", "required_skills": {"x": 1}, "dependencies": ["t1"]}]}"""), "operator");
                projects.get("o").report(TaskEvent.Kind.START, "t1", "ann", s -> { });
                projects.get("o").report(TaskEvent.Kind.COMPLETE, "t1", "ann", s -> { });
            }

            @Override
            String state(OwnerRegistry<?> r) {
                return ((ProjectRegistry) r).get("o").read(s -> s.tasks().stream()
                        .map(t -> t.getTaskId() + "=" + t.getStatus()).toList().toString());
            }
        },
        MEETING("meetings", "meeting") {
            @Override
            OwnerRegistry<?> registry(Path data) {
                return new MeetingRegistry(data, MeetingStoreTest.shipped(), 10_000, Clock.systemUTC(), e -> { });
            }

            @Override
            void build(OwnerRegistry<?> r) {
                MeetingRegistry meetings = (MeetingRegistry) r;
                meetings.create(MeetingStoreTest.spec("o", "ann", "bob"), "ann");
                meetings.get("o").join("ann");
                meetings.get("o").post(MeetingStoreTest.comment("ann", "hello"));
            }

            @Override
            String state(OwnerRegistry<?> r) {
                return ((MeetingRegistry) r).get("o").read(v -> v.messages().stream().map(m -> m.text()).toList()
                        + " " + v.snapshot().participants().stream().map(p -> p.agentId() + ":" + p.status()).toList());
            }
        },
        CONVERSATION("conversations", "conversation") {
            @Override
            OwnerRegistry<?> registry(Path data) {
                return new ConversationRegistry(data, MeetingStoreTest.shipped(), 10_000, Clock.systemUTC(), e -> { });
            }

            @Override
            void build(OwnerRegistry<?> r) {
                ConversationRegistry conversations = (ConversationRegistry) r;
                conversations.create(ConversationStoreTest.spec("""
                        { "conversation_id": "o", "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"] } }"""),
                        "operator");
                conversations.get("o").join("ann", new AgentRole("expert", null, List.of(), 1));
                conversations.get("o").post(ConversationStoreTest.message("{\"sender\": \"ann\", \"content\": \"hi\"}"));
            }

            @Override
            String state(OwnerRegistry<?> r) {
                return ((ConversationRegistry) r).get("o").read(v -> v.snapshot().history().stream()
                        .map(m -> m.content()).toList() + " " + v.snapshot().agents().size());
            }
        };

        final String folder;
        final String name;

        Kind(String folder, String name) {
            this.folder = folder;
            this.name = name;
        }

        abstract OwnerRegistry<?> registry(Path data);

        abstract void build(OwnerRegistry<?> r) throws IOException;

        abstract String state(OwnerRegistry<?> r);

        Path journal(Path data) {
            return data.resolve(folder).resolve("o").resolve(FileJournal.FILE);
        }
    }

    /** Builds the owner, damages its journal with {@code damage}, and starts a registry on the folder again. */
    private static OwnerRegistry<?> damaged(Kind kind, Path data, Function<List<String>, List<String>> damage)
            throws IOException {
        try (OwnerRegistry<?> r = kind.registry(data)) {
            kind.build(r);
        }
        List<String> lines = Files.readAllLines(kind.journal(data));
        Files.write(kind.journal(data), damage.apply(new ArrayList<>(lines)), StandardCharsets.UTF_8);
        OwnerRegistry<?> again = kind.registry(data);
        again.recoverAll();
        return again;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aByteChangedInsideAnEntryMakesTheOwnerDamagedAtThatEntry(Kind kind, @TempDir Path data) throws IOException {
        // entry 2 keeps valid JSON: a letter of the actor changes, which only the checksum tells
        try (OwnerRegistry<?> r = damaged(kind, data, lines -> {
            lines.set(1, lines.get(1).replace("\"actor\":\"ann\"", "\"actor\":\"anm\""));
            return lines;
        })) {
            assertEquals(1, r.damaged().size());
            OwnerRegistry.Damaged d = r.damaged().get(0);
            assertEquals("o", d.id());
            assertEquals(2, d.entry());
            assertTrue(d.reason().contains("checksum"), d.reason());
            assertTrue(d.location().endsWith(kind.folder + "/o/journal.jsonl"), d.location());
            CommandException get = assertThrows(CommandException.class, () -> r.get("o"));
            assertEquals(CommandException.Kind.CONFLICT, get.kind());
            assertEquals(kind.name + "_damaged", get.code());
            assertTrue(get.getMessage().contains("entry 2"), get.getMessage());
            // a creation with the same id agrees: the id is taken by the damaged owner
            CommandException create = assertThrows(CommandException.class, () -> kind.build(r));
            assertEquals(kind.name + "_damaged", create.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMissingEntryAndAGarbageLineAreDamageToo(Kind kind, @TempDir Path data, @TempDir Path other) throws IOException {
        try (OwnerRegistry<?> r = damaged(kind, data, lines -> {
            lines.remove(1);
            return lines;
        })) {
            assertEquals(2, r.damaged().get(0).entry());
            assertTrue(r.damaged().get(0).reason().contains("is entry 3 where entry 2 belongs"),
                    r.damaged().get(0).reason());
        }
        try (OwnerRegistry<?> r = damaged(kind, other, lines -> {
            lines.add("not a journal entry");
            return lines;
        })) {
            assertEquals(lines(kind, other), r.damaged().get(0).entry());
        }
    }

    /** The number of the garbage line: one past the entries the owner had. */
    private static long lines(Kind kind, Path data) throws IOException {
        return Files.readAllLines(kind.journal(data)).size();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRepairKeepsTheEntriesBeforeTheDamageAndJournalsItself(Kind kind, @TempDir Path data, @TempDir Path reference)
            throws IOException {
        String afterTwo;
        try (OwnerRegistry<?> r = damaged(kind, reference, lines -> lines.subList(0, 2))) {
            afterTwo = kind.state(r); // the state after the creation and the first command
        }
        try (OwnerRegistry<?> r = damaged(kind, data, lines -> {
            lines.set(2, lines.get(2).replace("\"seq\":3", "\"seq\":4"));
            return lines;
        })) {
            assertEquals(3, r.damaged().get(0).entry());
            r.repair("o", "admin");
            assertTrue(r.damaged().isEmpty());
            assertEquals(afterTwo, kind.state(r));
        }
        List<String> journal = Files.readAllLines(kind.journal(data));
        assertEquals(3, journal.size(), "entries 1 and 2, then the repair");
        assertTrue(journal.get(2).contains("\"type\":\"repair\"") && journal.get(2).contains("\"actor\":\"admin\"")
                && journal.get(2).contains("\"damaged_entry\":3"), journal.get(2));
        try (var kept = Files.list(kind.journal(data).getParent())) {
            assertEquals(1, kept.filter(p -> p.getFileName().toString().startsWith("journal.jsonl.damaged-")).count(),
                    "the damaged entries are kept beside the journal");
        }
        // and a restart replays the repaired journal like any other
        try (OwnerRegistry<?> r = kind.registry(data)) {
            r.recoverAll();
            assertTrue(r.damaged().isEmpty());
            assertEquals(afterTwo, kind.state(r));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTornLastLineIsACrashMidWriteNotDamage(Kind kind, @TempDir Path data) throws IOException {
        String whole;
        try (OwnerRegistry<?> r = kind.registry(data)) {
            kind.build(r);
            whole = kind.state(r);
        }
        Files.writeString(kind.journal(data), "{\"crc\":\"0000", StandardOpenOption.APPEND);
        try (OwnerRegistry<?> r = kind.registry(data)) {
            r.recoverAll();
            assertTrue(r.damaged().isEmpty());
            assertEquals(whole, kind.state(r));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCreationThatNeverFinishedLeavesNothingThatBlocksTheId(Kind kind, @TempDir Path data) throws IOException {
        // what a kill -9 during a creation can leave: the folder, its lock, a temporary first entry
        Path folder = Files.createDirectories(kind.journal(data).getParent());
        Files.writeString(folder.resolve(".lock"), "");
        Files.writeString(folder.resolve(".journal.jsonl.123.1.tmp"), "{\"crc\":");
        try (OwnerRegistry<?> r = kind.registry(data)) {
            r.recoverAll();
            assertFalse(Files.exists(folder), "the leftover is cleared at start");
            assertTrue(r.damaged().isEmpty());
            assertThrows(CommandException.class, () -> r.get("o"));
            kind.build(r);
            assertNotNull(r.get("o"));
        }
    }
}
