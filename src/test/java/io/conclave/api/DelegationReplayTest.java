package io.conclave.api;

import io.conclave.model.command.ReportTask;
import io.conclave.model.command.Delegate;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.subtask;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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

/**
 * The new commands replay: a delegation (journal type "delegate"), a completion with a result and a
 * retried failure come back the same after a restart (the engine wired as in RestartRecoveryTest).
 */
public class DelegationReplayTest {
    private static final String ID = "deleg-replay";

    /** What a restart must preserve of a task. */
    record TaskState(String taskId, String status, String assignee, int failures, String result) {
    }

    private static final String PROJECT = project("deleg-replay").title("replay").coordination("hierarchical")
            .agent(agent("lead").name("lead").skill("x", 2), agent("dev").name("dev").manager("lead").skill("x", 6))
            .task(task("t").description("t").needs("x", 1),
                    task("p").description("p").coordination("centralized")
                            .subtasks(subtask("one").retries(1).needs("x", 3)))
            .json();

    private static ProjectRegistry start(Path data, PolicyHost[] host) throws IOException {
        return io.conclave.engine.RulesFixture.registry(data, host);
    }

    private static List<TaskState> tasks(ProjectRuntime p) {
        return p.read(s -> s.tasks().stream().map(t -> new TaskState(t.getTaskId(), t.getStatus().name(),
                t.getAssignee(), t.getFailures(), t.getResult() == null ? null : t.getResult().toString())).toList());
    }

    @Test
    void delegationsResultsAndRetriesSurviveARestart(@TempDir Path data) throws IOException {
        PolicyHost[] host = new PolicyHost[1];
        List<TaskState> before;
        int decisions;
        ProjectRegistry first = start(data, host);
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(PROJECT);
            first.create(io.conclave.app.ProjectSchemaCheck.spec(node), "operator");
            ProjectRuntime p = first.get(ID);
            // t: from the top, lead (the root, x 2) takes it; lead hands it to dev
            p.command(new Delegate("t", "lead", "dev"), "lead", s -> { });
            // p.1 (centralized, x 3): only dev qualifies (lead has x 2), for the first attempt and the retry
            p.report(TaskEvent.Kind.FAIL, "p.1", "dev", s -> { });
            p.command(new ReportTask(TaskEvent.Kind.COMPLETE, "p.1", "dev", Json.MAPPER.readTree("{\"rows\": 3}")), "dev",
                    s -> { });
            before = tasks(p);
            decisions = p.read(s -> s.ledger().size());
        } finally {
            host[0].close();
            first.close();
        }
        assertEquals(List.of(new TaskState("t", "ASSIGNED", "dev", 0, null),
                new TaskState("p", "COMPLETED", null, 0, "[{\"rows\":3}]"),
                new TaskState("p.1", "COMPLETED", "dev", 1, "{\"rows\":3}")), before);

        ProjectRegistry second = start(data, host);
        try {
            assertEquals(before, tasks(second.get(ID)));
            assertEquals(decisions, (int) second.get(ID).read(s -> s.ledger().size()));
        } finally {
            host[0].close();
            second.close();
        }
    }
}
