package io.conclave.api;

import io.conclave.model.command.SendInterrupt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;
import io.conclave.model.run.InterruptLog;
import io.conclave.model.run.InterruptRecord;

/** The interrupt audit trail and what the interrupts changed come back the same after a restart (wired as in RestartRecoveryTest). */
public class InterruptReplayTest {
    private static final String ID = "interrupt-replay";

    record TaskState(String taskId, String status, String assignee, int priority) {
    }

    private static ProjectRegistry start(Path data, PolicyHost[] host) throws IOException {
        return io.conclave.engine.RulesFixture.registry(data, host);
    }

    /** The compressed example project, created under {@link #ID}. */
    private static ProjectRuntime createExample(ProjectRegistry projects) throws IOException {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("projects",
                "healthcare_blockchain_compressed.json")));
        node.put("project_id", ID);
        projects.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
        return projects.get(ID);
    }

    private static List<TaskState> tasks(ProjectRuntime p) {
        return p.read(s -> s.tasks().stream().map(t -> new TaskState(t.getTaskId(), t.getStatus().name(),
                t.getAssignee(), t.getPriority())).toList());
    }

    private static List<InterruptRecord> trail(ProjectRuntime p) {
        return p.read(s -> s.facts(InterruptLog.class).get(0).getRecords());
    }

    private static void interrupt(ProjectRuntime p, String body) throws IOException {
        p.command(Json.MAPPER.readValue(body, SendInterrupt.class), "ceo", s -> { });
    }

    @Test
    void interruptsAndTheirAuditTrailSurviveARestart(@TempDir Path data) throws IOException {
        PolicyHost[] host = new PolicyHost[1];
        List<TaskState> before;
        List<InterruptRecord> trailBefore;
        int decisions;
        ProjectRegistry first = start(data, host);
        try {
            ProjectRuntime p = createExample(first);
            p.report(TaskEvent.Kind.START, "kickoff_meeting", "pm", s -> { });
            interrupt(p, "{\"action\": \"skip\"}");
            interrupt(p, "{\"action\": \"reprioritise\", \"task_id\": \"wrap_up_meeting\", \"priority\": 1}");
            interrupt(p, "{\"action\": \"add_task\", \"task\": {\"task_id\": \"privacy_audit\", "
                    + "\"dependencies\": [\"compliance_requirements\"], \"required_skills\": {\"hipaa_compliance\": 5}}}");
            interrupt(p, "{\"action\": \"status\", \"reason\": \"before the restart\"}");
            before = tasks(p);
            trailBefore = trail(p);
            decisions = p.read(s -> s.ledger().size());
        } finally {
            host[0].close();
            first.close();
        }
        assertEquals(List.of("i-1", "i-2", "i-3", "i-4"), trailBefore.stream().map(InterruptRecord::interruptId).toList());
        assertEquals(new TaskState("kickoff_meeting", "SKIPPED", null, 5), before.get(0));
        assertEquals(new TaskState("wrap_up_meeting", "PENDING", null, 1), before.get(5));
        assertEquals(new TaskState("privacy_audit", "PENDING", null, 3), before.get(6));

        ProjectRegistry second = start(data, host);
        try {
            ProjectRuntime p = second.get(ID);
            assertEquals(before, tasks(p));
            assertEquals(trailBefore, trail(p)); // same ids, times (the journal's), sequence numbers and changes
            assertEquals(decisions, (int) p.read(s -> s.ledger().size()));
        } finally {
            host[0].close();
            second.close();
        }
    }

    /**
     * An interrupt's answer holds the decisions its command made, found from the end of the ledger (the latest
     * command's end it) instead of a pass over the whole history: the same decisions as a filter of the ledger by
     * the command's entry, after every interrupt of a run of them, across snapshot markers (every 4 entries here:
     * after each the ledger is rebuilt from the snapshot's text, its decisions parsed when read).
     */
    @Test
    void anInterruptsDecisionsAreTheLatestCommandsWhateverTheHistory(@TempDir Path data) throws IOException {
        PolicyHost[] host = new PolicyHost[1];
        ProjectRegistry projects = io.conclave.engine.RulesFixture.registry(Path.of("rules"), data, host, 500_000, 4);
        try {
            ProjectRuntime p = createExample(projects);
            int withDecisions = 0;
            for (int i = 0; i < 12; i++) {
                String body = i % 3 == 0 ? "{\"action\": \"reprioritise\", \"task_id\": \"wrap_up_meeting\", \"priority\": "
                        + (1 + i % 5) + "}" : "{\"action\": \"status\", \"reason\": \"#" + i + "\"}";
                List<List<io.conclave.model.Decision>> found = p.command(Json.MAPPER.readValue(body, SendInterrupt.class),
                        "ceo", s -> { }, s -> {
                            long seq = s.facts(InterruptLog.class).get(0).latest().commandSeq();
                            return List.of(List.copyOf(s.latestDecisions(seq)),
                                    s.ledger().stream().filter(d -> d.getCommandSeq() == seq).toList());
                        });
                assertEquals(found.get(1), found.get(0), body);
                withDecisions += found.get(0).isEmpty() ? 0 : 1;
            }
            assertTrue(withDecisions >= 4, "the reprioritisations decided something: " + withDecisions);
            assertEquals(12, p.read(s -> s.facts(InterruptLog.class).get(0).getRecords()).size());
        } finally {
            host[0].close();
            projects.close();
        }
    }
}
