package io.conclave.engine;

import io.conclave.model.command.PlaceBid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.JournalEntry;
import io.conclave.model.Announcement;
import io.conclave.model.Decision;
import io.conclave.model.Json;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;

/**
 * Contract net through the journal: bids are journaled commands, the bid deadline is met by a journaled
 * tick of the service clock, and a restart replays both to the same contract and the same ledger.
 */
public class ContractNetJournalTest {
    private static final long START = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    /** A clock the test moves. */
    public static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(START);

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }

    public static final String PROJECT = """
            {"project_id": "cn", "coordination": "contract_net",
             "agents": [{"agent_id": "ann", "skill_levels": {"x": 3}}, {"agent_id": "bob", "skill_levels": {"x": 9}},
                        {"agent_id": "cid", "skill_levels": {"x": 5}}],
             "tasks": [{"task_id": "t", "required_skills": {"x": 1}}]}""";

    public static PlaceBid bid(String agent, double cost) {
        return new PlaceBid("t", agent, cost, null, null);
    }

    @Test
    void bidsAndTheDeadlineTickAreJournaledAndReplayedToTheSameContract(@TempDir Path data) throws IOException {
        PolicySource shipped = MeetingStoreTest.shipped();
        TestClock clock = new TestClock();
        List<String> ledgerBefore;
        try (ProjectRegistry r = new ProjectRegistry(data, shipped, 100_000, clock)) {
            JsonNode node = Json.MAPPER.readTree(PROJECT);
            r.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
            ProjectRuntime rt = r.get("cn");
            clock.millis.addAndGet(MINUTE);
            rt.command(bid("cid", 40), "cid", s -> { });
            rt.command(bid("ann", 30), "ann", s -> { });
            // 59 minutes after the call (opened at START): bob has not answered, the window is still open
            clock.millis.set(START + 59 * MINUTE);
            assertFalse(rt.tickIfDue());
            clock.millis.set(START + 60 * MINUTE);
            assertTrue(rt.tickIfDue(), "the 60-minute window passed: a tick is journaled");
            assertEquals("ann", rt.read(s -> s.task("t").getAssignee()));
            assertFalse(rt.tickIfDue(), "nothing is open any more");
            ledgerBefore = rt.read(ContractNetJournalTest::ledger);
        }
        try (ProjectRegistry r = new ProjectRegistry(data, shipped, 100_000, clock)) {
            r.recoverAll();
            ProjectRuntime rt = r.get("cn");
            Task t = rt.read(s -> s.task("t"));
            assertEquals(TaskStatus.ASSIGNED, t.getStatus());
            assertEquals("ann", t.getAssignee());
            assertEquals(ledgerBefore, rt.read(ContractNetJournalTest::ledger));
            Announcement a = rt.read(s -> s.outputs(io.conclave.engine.policy.Outputs.ANNOUNCEMENTS).get(0));
            assertEquals(List.of("cid", "ann"), a.getOffers().stream().map(Announcement.Offer::agentId).toList());
            assertEquals(START + 60 * MINUTE, a.getDeadline());
        }
    }

    private static List<String> ledger(ProjectSession s) {
        return s.ledger().stream().map((Decision d) -> d.getSeq() + " " + d.getKind() + " " + d.getTaskId() + " "
                + d.getAgentIds() + " " + d.getReason()).toList();
    }
}
