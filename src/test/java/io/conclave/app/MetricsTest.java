package io.conclave.app;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.conclave.app.observe.CommandMetrics;
import io.conclave.app.observe.Tracing;

/**
 * A Prometheus scrape of {@code /q/metrics} before and after real commands: every Conclave meter is there
 * and moves by what the commands did. The app is shared with other test classes, so each figure is
 * compared with its value just before (a difference), never with an absolute count.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class MetricsTest {
    @Inject
    CommandMetrics commands;

    /** One scrape: the value of each series, by its name and labels as written ({@code name{a="b",c="d"}}). */
    record Scrape(Map<String, Double> series) {
        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

        static Scrape now() {
            String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
            Map<String, Double> series = new HashMap<>();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!line.startsWith("#") && m.matches()) {
                    series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
                }
            }
            return new Scrape(series);
        }

        /** The sum of the series called {@code name} that carry every one of {@code labels} ("k=\"v\""); 0 when none. */
        double get(String name, String... labels) {
            double sum = 0;
            boolean found = false;
            for (Map.Entry<String, Double> e : series.entrySet()) {
                String key = e.getKey();
                if (key.equals(name) || key.startsWith(name + "{")) {
                    boolean all = true;
                    for (String l : labels) {
                        all &= key.contains(l);
                    }
                    if (all) {
                        sum += e.getValue();
                        found = true;
                    }
                }
            }
            return found ? sum : 0;
        }

        boolean has(String name, String... labels) {
            return series.keySet().stream().anyMatch(k -> (k.equals(name) || k.startsWith(name + "{"))
                    && java.util.Arrays.stream(labels).allMatch(k::contains));
        }
    }

    @Test
    void ownersRunsAndJournalForcesMoveWithTheCommands() throws Exception {
        Scrape before = Scrape.now();
        String id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode project = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                Path.of("projects/healthcare_blockchain_compressed.json")));
        project.put("project_id", id);
        given().contentType("application/json").body(project.toString()).post("/api/projects").then().statusCode(201);

        Scrape created = Scrape.now();
        assertEquals(1, created.get("conclave_owners_active", "owner_kind=\"project\"")
                - before.get("conclave_owners_active", "owner_kind=\"project\""));
        // the creation was journaled (one entry, forced before the 201): at least one more force of a project journal
        double forces = created.get("conclave_journal_force_seconds_count", "owner_kind=\"project\"")
                - before.get("conclave_journal_force_seconds_count", "owner_kind=\"project\"");
        assertTrue(forces >= 1, "project journal forces: " + forces);
        assertTrue(created.get("conclave_journal_force_seconds_sum", "owner_kind=\"project\"") > 0);
        assertTrue(created.get("conclave_events_published_total") > before.get("conclave_events_published_total"));

        // a fully automated run of the six tasks, to its end
        given().contentType("application/json").body("{\"seed\": 1, \"timeline\": \"continuous\"}")
                .post("/api/projects/" + id + "/run").then().statusCode(202);
        given().get("/api/projects/" + id + "/runs/run-1/report?wait_seconds=60").then().statusCode(200);
        Scrape ran = await().atMost(Duration.ofSeconds(10)).until(Scrape::now,
                s -> s.get("conclave_runs", "status=\"COMPLETED\"")
                        - before.get("conclave_runs", "status=\"COMPLETED\"") == 1);
        assertEquals(1, ran.get("conclave_runs_started_total") - before.get("conclave_runs_started_total"));
        assertEquals(1, ran.get("conclave_runs_finished_total", "status=\"COMPLETED\"")
                - before.get("conclave_runs_finished_total", "status=\"COMPLETED\""));
        assertEquals(0, ran.get("conclave_runs", "status=\"RUNNING\"") - before.get("conclave_runs", "status=\"RUNNING\""));

        given().delete("/api/projects/" + id).then().statusCode(204);
        Scrape deleted = Scrape.now();
        assertEquals(0, deleted.get("conclave_owners_active", "owner_kind=\"project\"")
                - before.get("conclave_owners_active", "owner_kind=\"project\""));
        // its run went with it (runs are counted afresh at most once a second)
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().get("conclave_runs", "status=\"COMPLETED\"")
                == before.get("conclave_runs", "status=\"COMPLETED\""));
        assertTrue(deleted.has("conclave_owners_active", "owner_kind=\"meeting\""));
        assertTrue(deleted.has("conclave_owners_active", "owner_kind=\"conversation\""));
        everyMeterOfTheDocsIsScraped(Scrape.now());
    }

    /**
     * The meter table and the dashboard panels of docs/operations.md name only series the service publishes: after a
     * project was created, commanded and run to its end, every {@code conclave_*} name of that section is in the
     * scrape (a timer or summary by its {@code _count}, a counter by its {@code _total}).
     */
    private static void everyMeterOfTheDocsIsScraped(Scrape scrape) throws IOException {
        String docs = Files.readString(Path.of("docs/operations.md"));
        String section = docs.substring(docs.indexOf("\n# Metrics"), docs.indexOf("\n# Tracing"));
        Matcher names = Pattern.compile("conclave_[a-z_]+").matcher(section);
        int checked = 0;
        while (names.find()) {
            String name = names.group();
            assertTrue(scrape.has(name) || scrape.has(name + "_count") || scrape.has(name + "_total"),
                    "docs/operations.md names " + name + ", which /q/metrics does not publish");
            checked++;
        }
        assertTrue(checked >= 11, "the meter table names at least the eleven meters: " + checked);
    }

    @Test
    void policyCompilationsAreTimedByOutcome() {
        Scrape before = Scrape.now();
        given().contentType("text/plain").body("package conclave.assignment;\nrule \"Nothing\" when then end\n")
                .post("/api/rules/validate?file=assignment/metrics_ok.drl").then().statusCode(200);
        given().contentType("text/plain").body("package conclave.assignment;\nrule \"Broken\" when then nonsense( end\n")
                .post("/api/rules/validate?file=assignment/metrics_broken.drl").then().statusCode(422);
        Scrape after = Scrape.now();
        assertEquals(1, after.get("conclave_policy_compile_seconds_count", "outcome=\"ok\"")
                - before.get("conclave_policy_compile_seconds_count", "outcome=\"ok\""));
        assertEquals(1, after.get("conclave_policy_compile_seconds_count", "outcome=\"failed\"")
                - before.get("conclave_policy_compile_seconds_count", "outcome=\"failed\""));
        // the edited chapter (assignment) was compiled for each, the others loaded as built
        assertEquals(2, after.get("conclave_policy_chapters_compiled_total")
                - before.get("conclave_policy_chapters_compiled_total"));
        // a chapter compile takes a measurable time, and less than the 30 s top bucket
        double seconds = after.get("conclave_policy_compile_seconds_sum") - before.get("conclave_policy_compile_seconds_sum");
        assertTrue(seconds > 0.001 && seconds < 30, "two compiles took " + seconds + " s");
        // the start-up build went live once at least
        assertTrue(after.get("conclave_policy_activations_total") >= 1);
    }

    @Test
    void openEventStreamsAreCounted() throws Exception {
        double before = Scrape.now().get("conclave_sse_subscribers", "stream=\"events\"");
        CompletableFuture<HttpResponse<java.io.InputStream>> open = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/events"))
                        .header("Authorization", "Bearer " + io.conclave.api.TestTokens.ADMIN).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<java.io.InputStream> stream = open.get(10, TimeUnit.SECONDS); // headers come at once
        assertEquals(before + 1, Scrape.now().get("conclave_sse_subscribers", "stream=\"events\""));
        close(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().get("conclave_sse_subscribers",
                "stream=\"events\"") == before);
    }

    /**
     * Real commands of each kind of owner over REST, read back from the scrape by owner kind, command type and
     * outcome. The project: its creation (type {@code create}; the rules assign the kick-off meeting to its five
     * attendees at once, so rules fired), pm's report of the kick-off meeting (accepted: the rules make two tasks
     * READY and assign them) and pm's report of the architecture design, which cto holds (refused by the rules:
     * 409). A meeting's creation and ann's join; a conversation's creation and an expert's join. Other test
     * classes share the application (a project's meeting task may hold a meeting in the background), so meeting
     * figures are at least what this test did; the project's and the conversation's are exact.
     */
    @Test
    void realCommandsOfEveryOwnerKindAreMeteredByTypeAndOutcome() throws Exception {
        Scrape before = Scrape.now();
        String id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                Path.of("projects/healthcare_blockchain_compressed.json")));
        body.put("project_id", id);
        given().contentType("application/json").body(body.toString()).post("/api/projects").then().statusCode(201);
        String base = "/api/projects/" + id + "/tasks/";
        given().contentType("application/json").body("{\"agent_id\": \"pm\"}").post(base + "kickoff_meeting/complete")
                .then().statusCode(200);
        given().contentType("application/json").body("{\"agent_id\": \"pm\"}").post(base + "architecture_design/complete")
                .then().statusCode(409);
        Scrape after = Scrape.now();
        String kind = "owner_kind=\"project\"";
        assertEquals(1, delta(before, after, "conclave_commands_seconds_count", kind, "type=\"create\"", "outcome=\"accepted\""));
        assertEquals(1, delta(before, after, "conclave_commands_seconds_count", kind, "type=\"task_event\"",
                "outcome=\"accepted\""));
        assertEquals(1, delta(before, after, "conclave_commands_seconds_count", kind, "type=\"task_event\"",
                "outcome=\"refused\""));
        assertTrue(delta(before, after, "conclave_commands_seconds_sum", kind, "type=\"task_event\"") > 0);
        // firings by type whatever the outcome: both reports counted; the accepted one made rules fire
        assertEquals(2, delta(before, after, "conclave_command_firings_count", kind, "type=\"task_event\""));
        assertTrue(delta(before, after, "conclave_command_firings_sum", kind, "type=\"task_event\"") >= 1);
        assertEquals(1, delta(before, after, "conclave_command_firings_count", kind, "type=\"create\""));
        assertTrue(delta(before, after, "conclave_command_firings_sum", kind, "type=\"create\"") >= 1);

        String meeting = "mtg-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("""
                { "meeting_id": "%s", "topic": "Metrics", "creator": "ann", "participants": ["ann", "bob", "cid"] }"""
                .formatted(meeting)).post("/api/meetings").then().statusCode(201);
        given().contentType("application/json").body("{\"agent_id\": \"ann\"}").post("/api/meetings/" + meeting + "/join")
                .then().statusCode(200);
        String conversation = "conv-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{\"conversation_id\": \"" + conversation
                + "\", \"policy\": {\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}}")
                .post("/api/conversations").then().statusCode(201);
        given().contentType("application/json").body("{\"agent_id\": \"eve\", \"role\": {\"name\": \"expert\", "
                + "\"capabilities\": [\"x\"], \"priority\": 1}}").post("/api/conversations/" + conversation + "/agents")
                .then().statusCode(201);
        Scrape later = Scrape.now();
        String mk = "owner_kind=\"meeting\"";
        assertTrue(delta(after, later, "conclave_owners_active", mk) >= 1);
        assertTrue(delta(after, later, "conclave_commands_seconds_count", mk, "type=\"create\"", "outcome=\"accepted\"") >= 1);
        assertTrue(delta(after, later, "conclave_commands_seconds_count", mk, "type=\"join\"", "outcome=\"accepted\"") >= 1);
        assertTrue(delta(after, later, "conclave_journal_force_seconds_count", mk) >= 2);
        String ck = "owner_kind=\"conversation\"";
        assertEquals(1, delta(after, later, "conclave_owners_active", ck));
        assertEquals(1, delta(after, later, "conclave_commands_seconds_count", ck, "type=\"create\"", "outcome=\"accepted\""));
        assertEquals(1, delta(after, later, "conclave_commands_seconds_count", ck, "type=\"join\"", "outcome=\"accepted\""));
        assertTrue(delta(after, later, "conclave_command_firings_sum", ck, "type=\"join\"") >= 1);
        assertTrue(delta(after, later, "conclave_journal_force_seconds_count", ck) >= 2);
        given().delete("/api/projects/" + id).then().statusCode(204);
    }

    /** An agent's inbox stream is counted apart from the event stream, from its headers until it is closed. */
    @Test
    void openInboxStreamsAreCounted() throws Exception {
        String id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                Path.of("projects/healthcare_blockchain_compressed.json")));
        body.put("project_id", id);
        given().contentType("application/json").body(body.toString()).post("/api/projects").then().statusCode(201);
        Scrape before = Scrape.now();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/agents/pm/inbox"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + io.conclave.api.TestTokens.ADMIN).build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        Scrape open = Scrape.now();
        assertEquals(1, delta(before, open, "conclave_sse_subscribers", "stream=\"inbox\""));
        close(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().get("conclave_sse_subscribers",
                "stream=\"inbox\"") == before.get("conclave_sse_subscribers", "stream=\"inbox\""));
        given().delete("/api/projects/" + id).then().statusCode(204);
    }

    private static double delta(Scrape from, Scrape to, String name, String... labels) {
        return to.get(name, labels) - from.get(name, labels);
    }

    /**
     * The bean's own arithmetic, read back from the scrape (the test above shows the runtime feeds it): two
     * accepted task reports of 3 ms and 12 ms with 5 and 40 firings, one refused of 1 ms with 2 firings, under a
     * command type no real command has.
     */
    @Test
    void commandMetricsCountTimeAndFiringsByOwnerTypeAndOutcome() {
        Scrape before = Scrape.now();
        commands.commandDone("project", "metrics_test_report", "accepted", 3_000_000, 5);
        commands.commandDone("project", "metrics_test_report", "accepted", 12_000_000, 40);
        commands.commandDone("project", "metrics_test_report", "refused", 1_000_000, 2);
        Scrape after = Scrape.now();
        String type = "type=\"metrics_test_report\"";
        assertEquals(2, after.get("conclave_commands_seconds_count", type, "outcome=\"accepted\"", "owner_kind=\"project\"")
                - before.get("conclave_commands_seconds_count", type, "outcome=\"accepted\""));
        assertEquals(0.015, after.get("conclave_commands_seconds_sum", type, "outcome=\"accepted\""), 1e-9);
        assertEquals(1, after.get("conclave_commands_seconds_count", type, "outcome=\"refused\""));
        // histogram buckets: 3 ms is within 5 ms, 12 ms is not (it is within 25 ms)
        assertEquals(1, after.get("conclave_commands_seconds_bucket", type, "outcome=\"accepted\"", "le=\"0.005\""));
        assertEquals(2, after.get("conclave_commands_seconds_bucket", type, "outcome=\"accepted\"", "le=\"0.025\""));
        // firings by owner kind and type, whatever the outcome: 5 + 40 + 2
        assertEquals(3, after.get("conclave_command_firings_count", type));
        assertEquals(47, after.get("conclave_command_firings_sum", type));
        assertEquals(2, after.get("conclave_command_firings_bucket", type, "le=\"10.0\""));
    }

    private static void close(HttpResponse<java.io.InputStream> stream) {
        try {
            stream.body().close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }
}
