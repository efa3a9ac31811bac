package io.conclave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;

/**
 * The packaged application in its command-line mode (run by maven-failsafe after packaging, needing
 * nothing but the JDK): {@code java -jar target/quarkus-app/quarkus-run.jar run FILE --json} prints only
 * the report on stdout and exits 0. The compressed example runs on its own calendar (it names a
 * scheduling mode; working hours 09:00-17:00 by default, Monday 2024-01-15 first): the chain kickoff 1 h
 * (09:00-10:00), architecture 2 h (-12:00), prototype 3 h (-15:00), review 1.5 h (-16:30) leaves the
 * wrap-up meeting half an hour that day and half an hour the next, so it ends 2024-01-16T09:30.
 */
class CliIT {
    @Test
    void thePackagedJarRunsTheCompressedExampleAndPrintsItsJsonReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", "target/quarkus-app/quarkus-run.jar", "run",
                "projects/healthcare_blockchain_compressed.json", "--json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish within 2 minutes");
        assertEquals(0, p.exitValue(), () -> read(err));
        JsonNode report = Json.MAPPER.readTree(out.toFile()); // stdout holds the report and nothing else
        assertEquals("COMPLETED", report.get("status").asText());
        assertEquals("run-1", report.get("run_id").asText());
        assertEquals(6, report.at("/task_summary/completed_tasks").asInt());
        assertEquals(6, report.at("/task_summary/total_tasks").asInt());
        assertEquals("2024-01-16T09:30", report.get("simulated_end").asText());
        assertTrue(read(err).contains("100% 6/6 tasks"), () -> read(err));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
