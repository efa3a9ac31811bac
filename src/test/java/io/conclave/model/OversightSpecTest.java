package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The ceo_oversight block: every problem with its JSON path; the shipped files load unchanged. */
class OversightSpecTest {

    private static List<Problem> problems(String block) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree("{\"project_id\": \"p\", \"tasks\": [{\"task_id\": \"a\"}]}");
        node.set("ceo_oversight", Json.MAPPER.readTree(block));
        return ProjectValidator.validate(Json.MAPPER.treeToValue(node, ProjectSpec.class));
    }

    @Test
    void everyProblemOfTheBlockIsNamedByPath() throws Exception {
        List<Problem> p = problems("{\"enabled\": \"yes\", \"interrupt_triggers\": [\"milestone_completion\", \"lunch\"],"
                + " \"review_frequency\": \"hourly\", \"milestones\": [\"a\", \"zz\"]}");
        assertEquals(List.of("$.ceo_oversight.enabled", "$.ceo_oversight.interrupt_triggers[1]",
                "$.ceo_oversight.review_frequency", "$.ceo_oversight.milestones[1]"), p.stream().map(Problem::path).toList());
        assertEquals("$.ceo_oversight", problems("[1]").get(0).path());
        assertTrue(problems("{\"enabled\": true, \"interrupt_triggers\": [\"task_failure\"], \"review_frequency\": \"weekly\","
                + " \"milestones\": [\"a\"], \"notes\": \"ignored\"}").isEmpty());
    }

    @Test
    void theShippedHealthcareFilesEnableOversight() throws Exception {
        for (String file : List.of("healthcare_blockchain_compressed.json", "healthcare_blockchain_project.json")) {
            ProjectSpec spec = Json.MAPPER.readValue(Files.readString(Path.of("projects", file)), ProjectSpec.class);
            assertTrue(ProjectValidator.validate(spec).isEmpty(), file);
            var settings = io.conclave.model.run.OversightSettings.of(spec.ceoOversight());
            assertTrue(settings.isOnMilestones(), file);
            assertEquals(null, settings.getMilestones(), file); // none named: the rules count every meeting task as one
        }
    }
}
