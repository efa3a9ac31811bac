package io.conclave.api;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.sim.Simulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;

/**
 * Restart recovery without Quarkus: the engine is built the way {@code io.conclave.app.Engine} builds it
 * (a PolicyHost over a rules folder, a PolicyArchive under data/policies, a ProjectRegistry), closed, and
 * built again on the same data folder.
 */
public class RestartRecoveryTest {
    private static final String ID = "restart-compressed";

    /** What a restart must preserve of a task. */
    record TaskState(String taskId, String status, String assignee) {
    }

    /** What a restart must preserve of a decision. */
    record LedgerLine(long seq, String kind, String taskId, String rule, List<String> agentIds, String policyVersion) {
    }

    /** The engine as the service wires it, started: policy built, journals replayed. */
    private static final class Service implements AutoCloseable {
        final PolicyHost policies;
        final ProjectRegistry projects;

        Service(Path rules, Path data) throws IOException {
            policies = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                    new PolicyCompiler(RestartRecoveryTest.class.getClassLoader()));
            projects = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 500_000, Clock.systemUTC(),
                    e -> { }), Simulator.DRIVER);
            policies.onActivate(p -> projects.switchAll());
            policies.start(); // on the last active version: a folder edited meanwhile is tried once the owners are back
            projects.recoverAll();
            policies.reconcileFolderNow();
        }

        ProjectRuntime project() {
            return projects.get(ID);
        }

        void create() throws IOException {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(
                    Files.readString(Path.of("projects", ApiSupport.COMPRESSED)));
            node.put("project_id", ID);
            projects.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
        }

        void report(TaskEvent.Kind kind, String taskId, String agentId) {
            project().report(kind, taskId, agentId, session -> { });
        }

        List<TaskState> tasks() {
            return project().read(s -> s.tasks().stream()
                    .map(t -> new TaskState(t.getTaskId(), t.getStatus().name(), t.getAssignee())).toList());
        }

        List<LedgerLine> ledger() {
            return project().read(s -> s.ledger().stream()
                    .map(d -> new LedgerLine(d.getSeq(), d.getKind().name(), d.getTaskId(), d.getRule(),
                            d.getAgentIds(), d.getPolicyVersion())).toList());
        }

        String policyVersion() {
            return project().read(s -> s.policy().version());
        }

        @Override
        public void close() throws IOException {
            policies.close();
            projects.close();
        }
    }

    /*
     * After the kickoff is started and completed: kickoff COMPLETED, architecture_design with cto and
     * compliance_requirements with compliance (the only agents with the skills), the rest PENDING.
     */
    private static final List<TaskState> AFTER_KICKOFF = List.of(
            new TaskState("kickoff_meeting", "COMPLETED", null),
            new TaskState("architecture_design", "ASSIGNED", "cto"),
            new TaskState("compliance_requirements", "ASSIGNED", "compliance"),
            new TaskState("smart_contract_prototype", "PENDING", null),
            new TaskState("security_review", "PENDING", null),
            new TaskState("wrap_up_meeting", "PENDING", null));

    @Test
    void restartRestoresTasksAndLedger(@TempDir Path data) throws IOException {
        List<TaskState> tasks;
        List<LedgerLine> ledger;
        String version;
        try (Service first = new Service(Path.of("rules"), data)) {
            first.create();
            first.report(TaskEvent.Kind.START, "kickoff_meeting", "pm");
            first.report(TaskEvent.Kind.COMPLETE, "kickoff_meeting", "pm");
            tasks = first.tasks();
            ledger = first.ledger();
            version = first.policyVersion();
        }
        assertEquals(AFTER_KICKOFF, tasks);
        // create: READY + convened (2); start: 1; complete: COMPLETED, 5 LEARNED (each attendee's preference
        // for "coordination"), 5 releases, 2 READY, 2 ASSIGNED (15)
        assertEquals(18, ledger.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L),
                ledger.stream().map(LedgerLine::seq).toList());

        try (Service second = new Service(Path.of("rules"), data)) {
            assertEquals(tasks, second.tasks());
            assertEquals(ledger, second.ledger());
            assertEquals(version, second.policyVersion());
            // and it carries on where it stopped
            second.report(TaskEvent.Kind.START, "architecture_design", "cto");
            assertEquals("IN_PROGRESS", second.tasks().get(1).status());
        }
    }

    @Test
    void aRunReportIsTheSameBytesAfterARestart(@TempDir Path data) throws IOException {
        // A run is journaled as its start and its steps and replayed on start: a new JVM state (fresh
        // sessions, fresh maps) must rebuild the identical report, failures drawn from the seed included.
        // Steps of 1 ns of wall time: each handles one simulated event, so the run is many journal entries.
        String before;
        try (Service first = new Service(Path.of("rules"), data)) {
            first.create();
            first.project().startRun(new io.conclave.model.run.RunRequest("fully_automated", 11L, 0.3), "operator");
            int steps = 0;
            while (first.project().step(1)) {
                steps++;
            }
            assertTrue(steps > 1, "premise: the run took several steps, took " + steps);
            before = Json.MAPPER.writeValueAsString(first.project().lastRun());
            assertTrue(before.contains("\"status\":\"COMPLETED\""), before);
        }
        try (Service second = new Service(Path.of("rules"), data)) {
            assertEquals(before, Json.MAPPER.writeValueAsString(second.project().lastRun()));
        }
    }

    @Test
    void tornLastLineIsIgnoredAndCutOff(@TempDir Path data) throws IOException {
        List<LedgerLine> ledger;
        try (Service first = new Service(Path.of("rules"), data)) {
            first.create();
            first.report(TaskEvent.Kind.START, "kickoff_meeting", "pm");
            ledger = first.ledger();
        }
        Path journal = data.resolve("projects").resolve(ID).resolve("journal.jsonl");
        assertEquals(2, Files.readAllLines(journal).size());
        // a crash half way through writing the third entry
        Files.writeString(journal, "{\"seq\":3,\"type\":\"task_event\",\"actor\":\"pm\",\"body\":{\"ki",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Service second = new Service(Path.of("rules"), data)) {
            assertEquals("IN_PROGRESS", second.tasks().get(0).status());
            assertEquals(ledger, second.ledger());
            // the next command is appended after the last complete line, replacing the torn bytes
            second.report(TaskEvent.Kind.COMPLETE, "kickoff_meeting", "pm");
        }
        List<String> lines = Files.readAllLines(journal);
        assertEquals(3, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode entry = Json.MAPPER.readTree(lines.get(i));
            assertEquals(i + 1, entry.get("seq").asInt());
        }
        try (Service third = new Service(Path.of("rules"), data)) {
            assertEquals(AFTER_KICKOFF, third.tasks());
        }
    }

    @Test
    void journalIsReplayedUnderItsOwnPolicyThenMovedToTheCurrentOne(@TempDir Path rules, @TempDir Path data)
            throws IOException {
        ApiSupport.restoreShippedRules(rules);
        String versionA;
        List<LedgerLine> ledger;
        List<TaskState> tasks;
        try (Service first = new Service(rules, data)) {
            versionA = first.policies.active().version();
            first.create();
            first.report(TaskEvent.Kind.START, "kickoff_meeting", "pm");
            first.report(TaskEvent.Kind.COMPLETE, "kickoff_meeting", "pm");
            ledger = first.ledger();
            tasks = first.tasks();
        }
        assertTrue(ledger.stream().allMatch(d -> d.policyVersion().equals(versionA)));

        // Version B renames the assignment rule: a decision made under B says so.
        Path assignment = rules.resolve("assignment/assignment.drl");
        String textA = Files.readString(assignment);
        String ruleA = "rule \"Assign served task to best-scoring eligible agent\"";
        assertTrue(textA.contains(ruleA));
        Files.writeString(assignment, textA.replace(ruleA, "rule \"Assign served task (policy B)\""));

        try (Service second = new Service(rules, data)) {
            String versionB = second.policies.active().version();
            assertNotEquals(versionA, versionB);
            assertTrue(Files.isDirectory(data.resolve("policies").resolve(versionA)));
            assertTrue(Files.isDirectory(data.resolve("policies").resolve(versionB)));

            // replayed under A: the same decisions, by A's rule names, stamped with A
            assertEquals(tasks, second.tasks());
            assertEquals(ledger, second.ledger());

            // then moved to B, the active policy: the next decisions are B's
            assertEquals(versionB, second.policyVersion());
            second.report(TaskEvent.Kind.START, "architecture_design", "cto");
            second.report(TaskEvent.Kind.COMPLETE, "architecture_design", "cto");
            LedgerLine last = second.ledger().get(second.ledger().size() - 1);
            assertEquals(new LedgerLine(last.seq(), "ASSIGNED", "smart_contract_prototype",
                    "Assign served task (policy B)", List.of("blockchain_dev"), versionB), last);
            ledger = second.ledger();
            tasks = second.tasks();
        }

        // the move to B was journaled: a third start replays A's part under A, the rest under B
        try (Service third = new Service(rules, data)) {
            assertEquals(ledger, third.ledger());
            assertEquals(tasks, third.tasks());
            assertEquals(third.policies.active().version(), third.policyVersion());
        }
    }
}
