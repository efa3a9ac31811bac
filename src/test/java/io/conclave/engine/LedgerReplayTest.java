package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;
import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.meeting.MeetingView;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;

/**
 * The whole decision ledger of several projects, meetings and conversations is the same, byte for byte,
 * after a restart: the engine is built as the service builds it (a PolicyHost over the rules folder, the
 * archive under data/policies, the three registries), closed, and built again on the same data folder, which
 * replays every journal. The matched facts are stable words (ids and values): an identity hash such as
 * {@code io.conclave.model.Roster@69ee0861} would differ after the replay and is looked for explicitly.
 */
public class LedgerReplayTest {
    /** An identity hash as Object.toString writes it: a class name, '@', hex digits. */
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z]@[0-9a-f]{4,8}\\b");

    /** The engine as io.conclave.app.Engine wires it. */
    private static final class Service implements AutoCloseable {
        final PolicyHost policies;
        final ProjectRegistry projects;
        final MeetingRegistry meetings;
        final ConversationRegistry conversations;

        /** {@code snapshotEvery}: a snapshot of a project after that many of its entries (0: none). */
        Service(Path data, int snapshotEvery) throws IOException {
            QuietLogging.likeTheService();
            policies = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                    new PolicyCompiler(LedgerReplayTest.class.getClassLoader()));
            JournaledRuntime.Setting setting = new JournaledRuntime.Setting(policies, 100_000, Clock.systemUTC(),
                    e -> { }).withSnapshots(snapshotEvery);
            projects = new ProjectRegistry(data, setting, Simulator.DRIVER);
            meetings = new MeetingRegistry(data, setting);
            conversations = new ConversationRegistry(data, setting);
            policies.start();
            projects.recoverAll();
            meetings.recoverAll();
            conversations.recoverAll();
        }

        /** Every ledger by owner, each as the JSON the API writes. */
        Map<String, String> ledgers() throws IOException {
            Map<String, String> out = new LinkedHashMap<>();
            for (ProjectRuntime p : projects.all()) {
                out.put("project " + p.id(), Json.MAPPER.writeValueAsString(p.read(s -> List.copyOf(s.ledger()))));
            }
            for (MeetingRuntime m : meetings.all()) {
                out.put("meeting " + m.id(), Json.MAPPER.writeValueAsString(m.read(MeetingView::ledger)));
            }
            for (ConversationRuntime c : conversations.all()) {
                out.put("conversation " + c.id(), Json.MAPPER.writeValueAsString(c.read(v -> v.decisionsAfter(0,
                        Integer.MAX_VALUE))));
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            policies.close();
            projects.close();
            meetings.close();
            conversations.close();
        }
    }

    /**
     * Without snapshots, and with a snapshot of a project every 3 of its entries: a project takes none once a
     * simulated run started (its simulated agents live outside the session), so the launch is also worked by its
     * agents' reports alone ("launch-by-reports", as in SnapshotTest), which snapshots it many times; after the
     * restart that project is replayed from its newest snapshot, and its ledger must still be the same bytes.
     */
    @ParameterizedTest(name = "snapshot every {0} entries (0: none)")
    @ValueSource(ints = {0, 3})
    void theWholeLedgerIsTheSameByteForByteAfterARestart(int snapshotEvery, @TempDir Path data) throws Exception {
        Map<String, String> before;
        try (Service first = new Service(data, snapshotEvery)) {
            SnapshotTest.work(first.projects, "launch-by-reports");
            for (String file : List.of("healthcare_blockchain_compressed.json", "healthcare_blockchain_project.json",
                    "product_launch_coordination.json")) {
                ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("projects", file)));
                ProjectRuntime p = first.projects.create(Json.MAPPER.treeToValue(node, ProjectSpec.class), "operator");
                if (file.startsWith("healthcare_blockchain_compressed")) {
                    // agents' reports first: the kickoff meeting completed, the two tasks it releases assigned
                    p.report(TaskEvent.Kind.START, "kickoff_meeting", "pm", s -> { });
                    p.report(TaskEvent.Kind.COMPLETE, "kickoff_meeting", "pm", s -> { });
                }
                // then a simulated run to its end: contract net offers, delegations, meetings, learning
                p.startRun(new RunRequest(null, 7L, 0.1, null), "operator");
                while (p.step(TimeUnit.SECONDS.toNanos(5))) {
                    // step until the rules stop the run
                }
            }
            MeetingRuntime m = first.meetings.create(MeetingStoreTest.spec("db-choice", "ann", "bob", "cid"), "ann");
            m.join("ann");
            m.join("bob");
            m.post(MeetingStoreTest.message("""
                    {"message_type": "proposal", "agent_id": "bob", "proposal_id": "p1", "title": "Use Postgres"}"""));
            m.post(MeetingStoreTest.message("""
                    {"message_type": "state_change", "agent_id": "ann", "new_state": "voting"}"""));
            m.post(MeetingStoreTest.message("""
                    {"message_type": "vote", "agent_id": "ann", "proposal_id": "p1", "vote": "yes"}"""));
            m.post(MeetingStoreTest.message("""
                    {"message_type": "vote", "agent_id": "bob", "proposal_id": "p1", "vote": "no"}"""));
            ConversationRuntime c = first.conversations.create(ConversationStoreTest.spec("""
                    { "conversation_id": "c1",
                      "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"], "max_total_turns": 50,
                                  "consensus": "majority", "timeout_seconds": 3600 } }"""), "operator");
            c.join("u", new AgentRole("user", "asks", List.of(), 0));
            c.join("a", ConversationStoreTest.expert(1, "db"));
            c.join("b", ConversationStoreTest.expert(2));
            c.post(ConversationStoreTest.message("""
                    { "sender": "u", "content": "hello", "topics": ["db"] }"""));
            c.post(ConversationStoreTest.message("""
                    { "sender": "a", "content": "b, yours", "handoff_to": "b" }"""));
            before = first.ledgers();
        }
        assertEquals(List.of("project healthcare_blockchain_compressed", "project healthcare_blockchain_project",
                "project launch-by-reports", "project product_launch_coordination", "meeting db-choice",
                "conversation c1"), List.copyOf(before.keySet()));
        long markers = Files.readAllLines(data.resolve("projects/launch-by-reports/journal.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"snapshot\"")).count();
        try (java.util.stream.Stream<Path> files = Files.list(data.resolve("projects/launch-by-reports"))) {
            long stored = files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).count();
            if (snapshotEvery == 0) {
                assertEquals(List.of(0L, 0L), List.of(markers, stored), "no snapshot markers, no snapshots stored");
            } else {
                assertTrue(markers >= 5, "snapshot markers: " + markers);
                assertEquals(2, stored, "the newest two snapshots are kept");
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertFalse(IDENTITY.matcher(e.getValue()).find(), () -> e.getKey() + " holds an identity hash: "
                    + IDENTITY.matcher(e.getValue()).results().map(r -> r.group()).distinct().toList());
            assertTrue(e.getValue().contains("\"matched_facts\":[\""), e.getKey() + " records matched facts");
        }
        // the contract net of the launch matched offers: they are written by their values
        assertTrue(before.get("project product_launch_coordination").contains("offer of "), "an offer was matched");

        try (Service second = new Service(data, snapshotEvery)) {
            Map<String, String> after = second.ledgers();
            assertEquals(before.keySet(), after.keySet());
            for (String owner : before.keySet()) {
                assertEquals(before.get(owner), after.get(owner), owner + ": the ledger after the restart");
            }
        }
    }
}
