package io.conclave.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.bench.PackagedService;
import io.conclave.model.Json;

/**
 * The example agents against the packaged service, as a user runs them: examples/python/run_team.py loads the
 * compressed example project, starts a run of real agents and one examples/python/conclave_agent.py process per
 * agent (Python's standard library only), and follows the run until the project completes. Needs python3 (CI's
 * .ci/run installs it when it is missing).
 */
// it starts its own processes: the whole suite runs it in surefire's plain lane (the pom's profile whole-suite),
// early (after the cluster test and the unvetted start: a long class at the lane's end leaves a core idle);
// otherwise it runs on failsafe's second thread, beside the @QuarkusIntegrationTest classes
@org.junit.jupiter.api.Order(3)
class ExampleAgentsIT {
    @TempDir
    static Path dir;
    private static PackagedService service;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        int port = PackagedService.freePort();
        service = new PackagedService(Path.of("target/quarkus-app/quarkus-run.jar"), dir.resolve("service"), port,
                // the JIT's first compiler only, as the suite's other JVMs (docs/test-suite.md)
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dconclave.rules-dir=" + Path.of("rules").toAbsolutePath(),
                        "-Dconclave.projects-dir=" + dir.resolve("no-projects"),
                        // nobody edits the policy here: no compile in the background (5-8 s of a core) beside the suite
                        "-Dconclave.rules.warm-up=false"));
        service.start();
        long up = service.awaitAnswer(HttpClient.newHttpClient(), "/q/health/ready", "UP", Duration.ofSeconds(90), 200);
        assertTrue(up > 0, "the service did not start:\n" + service.logTail(40));
        adminToken = Files.readString(dir.resolve("service/data/admin.token")).strip();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(false);
        }
    }

    /** Runs a Python script of examples/python with arguments; returns its exit code and output. */
    private static Result python(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "examples/python/" + script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "still running:\n" + out);
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String out) {
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.base().resolve(path))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void aTeamOfPythonAgentsCompletesTheCompressedExampleIncrementallyWithTheOperatorResumingAtEachReview()
            throws Exception {
        Result r = python("run_team.py", "--url", service.base().toString(), "--admin-token", adminToken,
                "--mode", "incremental", "--project-id", "team-incremental", "--work-seconds", "0.1");
        assertEquals(0, r.code(), r.out() + "\n" + service.logTail(40));
        assertTrue(r.out().contains("the project completed"), r.out());
        // the incremental run stopped after each meeting task (the default checkpoint frequency): the kickoff
        // and the wrap-up, two checkpoints; the four other tasks were done by the agents the rules chose
        JsonNode report = get("/api/projects/team-incremental/report");
        assertEquals("COMPLETED", report.path("status").asText());
        assertEquals(6, report.path("task_summary").path("completed_tasks").asInt());
        assertEquals(2, report.path("statistics").path("checkpoints").asInt());
        for (String[] t : new String[][] {{"architecture_design", "cto"}, {"compliance_requirements", "compliance"},
                {"smart_contract_prototype", "blockchain_dev"}, {"security_review", "security"}}) {
            JsonNode line = null;
            for (JsonNode x : report.path("tasks")) {
                line = x.path("task_id").asText().equals(t[0]) ? x : line;
            }
            assertEquals(t[1], line.path("assignee").asText(), t[0]);
        }
        // every agent acknowledged what it handled: nothing of the project waits in an inbox
        for (String agent : List.of("pm", "cto", "blockchain_dev", "compliance", "security")) {
            for (JsonNode item : get("/api/agents/" + agent + "/inbox")) {
                assertTrue(!"team-incremental".equals(item.path("project_id").asText()), agent + " still has " + item);
            }
        }
        // the meetings of the two meeting tasks were held by the agents: joined, voted, closed
        JsonNode meetings = get("/api/meetings?project_id=team-incremental");
        assertEquals(2, meetings.size(), meetings.toString());
        for (JsonNode m : meetings) {
            assertTrue(List.of("closed", "archived").contains(m.path("state").asText()), m.toString());
        }
    }

    @Test
    void theTeamCompletesAFullyAutomatedRunToo() throws Exception {
        Result r = python("run_team.py", "--url", service.base().toString(), "--admin-token", adminToken,
                "--project-id", "team-automated", "--work-seconds", "0");
        assertEquals(0, r.code(), r.out() + "\n" + service.logTail(40));
        assertEquals(0, get("/api/projects/team-automated/report").path("statistics").path("checkpoints").asInt());
    }

    @Test
    void anAgentWithoutATokenIsToldHowToGiveOne() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "examples/python/conclave_agent.py", "--agent", "pm")
                .redirectErrorStream(true);
        pb.environment().remove("CONCLAVE_TOKEN");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("a token is needed: --token or CONCLAVE_TOKEN"), out);
        URI.create(service.base().toString()); // the service stays up for the other tests
    }
}
