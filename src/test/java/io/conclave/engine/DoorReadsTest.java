package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.meeting.MeetingView;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.meeting.MeetingSpec;

/**
 * What the door reads of an owner to check an agent's command, a project's agents and a meeting's project, never
 * waits for the owner's lock: those commands are checked on the event loop their request came in on, which must not
 * wait for a command in progress. Each is read while a reader holds the owner and a command waits behind it, when a
 * read of the lock would wait too; what it answers is the owner as of its latest journaled entry, here and after a
 * restart.
 */
public class DoorReadsTest {

    private static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void aProjectsAgentsAreReadWithoutItsLockAsOfItsLatestEntry(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        List<String> eight = ids("a", 8); // ConcurrencyTest's project: agents a0 to a7
        List<String> nine = new ArrayList<>(eight);
        nine.add("zed");
        try (ProjectRegistry registry = ConcurrencyTest.registry(Path.of("rules"), data)) {
            ConcurrencyTest.create(registry, "door");
            ProjectRuntime p = registry.get("door");
            assertEquals(eight, p.agentIds());
            p.report(io.conclave.model.TaskEvent.Kind.START, "t1", "a1", s -> { }); // what lists show is stale after it
            // zed's registration waits behind a reader; the door answers meanwhile, without zed (not journaled yet)
            assertEquals(eight, SharedReads.<ProjectSession, List<String>>doorDoesNotWait(p::read,
                    () -> {
                        p.command(new RegisterAgent(new ProjectSpec.AgentSpec("zed", null, null, Map.of("s1", 5.0),
                                null, 2, null, null, null, null)), "op", s -> { });
                        return null;
                    }, p::agentIds));
            assertEquals(nine, p.agentIds());
        }
        try (ProjectRegistry again = ConcurrencyTest.registry(Path.of("rules"), data)) {
            assertEquals(nine, again.get("door").agentIds());
        }
    }

    @Test
    void aMeetingsProjectIsReadWithoutItsLock(@TempDir Path data) throws Exception {
        QuietLogging.likeTheService();
        MeetingSpec about = new MeetingSpec("door", "Pick a database", null, "p1", null, List.of("p1", "p2"),
                io.conclave.model.meeting.Protocol.defaults(), "proj-9", null, null);
        try (MeetingRegistry registry = new MeetingRegistry(data, MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(about, "p1");
            m.join("p1");
            assertEquals("proj-9", SharedReads.<MeetingView, String>doorDoesNotWait(m::read,
                    () -> m.post(MeetingStoreTest.comment("p1", "first")), m::projectId));
            assertEquals(1, m.read(MeetingView::messages).size());
        }
        try (MeetingRegistry again = new MeetingRegistry(data, MeetingStoreTest.shipped(), 10_000,
                Clock.systemUTC(), e -> { })) {
            again.recoverAll();
            assertEquals("proj-9", again.get("door").projectId());
        }
    }
}
