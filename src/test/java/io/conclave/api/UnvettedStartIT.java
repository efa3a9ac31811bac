package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.cluster.NodeProcess;
import io.conclave.model.Json;

/**
 * The packaged service, a project, a meeting and a conversation in it; two rule files written into its rules
 * folder on disk (the watcher off), one whose function loops without end and one that deletes a meeting's
 * participants; then {@code kill -9} and a start. The start is ready about as fast as the first, on the last
 * good version; every owner is recovered and takes commands; the folder is tried once they are back, refused,
 * and shown as refused in GET /api/rules and the readiness check, and stays on disk.
 */
// it times two starts: never beside the cluster test's broker and three nodes (CI's first failure of this test was
// a second start of 20.8 s against 6.7 s, then 15.0 s against 6.4 s, while the cluster test ran on the other core);
// the whole suite runs both in surefire's plain lane, the cluster test first and this one next, beside the Quarkus
// tests (2.5-3.3 s starts there), so that the lane's short classes, not two starts, end the suite; the lock keeps
// the two apart wherever they run; otherwise early among the integration tests, on failsafe's second thread
@org.junit.jupiter.api.parallel.ResourceLock("both-cores")
@org.junit.jupiter.api.Order(2)
public class UnvettedStartIT {
    private static final String LOOPING = """
            package conclave.workflow;

            import io.conclave.model.*;

            function long spin(long start) {
                long i = start;
                while (i >= 0) {
                    i = i + 1;
                }
                return i;
            }

            rule "Spin on every task"
            when
                $t : Task( )
            then
                $t.setStatusReason("spun " + spin(1));
            end
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStartRunsTheLastGoodPolicyAndShowsTheFolderRefused(@TempDir Path folder) throws Exception {
        NodeProcess node = new NodeProcess("unvetted", folder, Map.of("conclave.max-command-millis", "2000"));
        try {
            long t0 = System.nanoTime();
            node.start("512m").awaitReady(http, Duration.ofSeconds(90));
            long firstStart = (System.nanoTime() - t0) / 1_000_000;
            String good = get(node, "/api/rules").path("active_version").asText();
            assertEquals(201, send(node, "POST", "/api/projects", ApiSupport.twoAgentProject("p1")).statusCode());
            assertEquals(201, send(node, "POST", "/api/meetings", """
                    { "meeting_id": "m1", "topic": "Plan", "creator": "ann", "participants": ["ann", "bob"] }""")
                    .statusCode());
            assertEquals(201, send(node, "POST", "/api/conversations", """
                    {"conversation_id": "c1", "policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"]}}""")
                    .statusCode());

            Path rules = folder.resolve("rules");
            Files.writeString(rules.resolve("workflow/spin.drl"), LOOPING);
            Files.writeString(rules.resolve("meetings/purge.drl"), RuleBudgetTest.DESTRUCTIVE);
            node.kill();

            t0 = System.nanoTime();
            node.start("512m").awaitReady(http, Duration.ofSeconds(90));
            long secondStart = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("start: first %d ms, second (a folder to try) %d ms%n", firstStart, secondStart);
            // the trial waits for the start to be over; recovering three owners adds a second or two, and a loaded
            // machine more (CI measured 6.7 s and 20.8 s when the trial's compile ran during the start)
            assertTrue(secondStart < firstStart * 3 / 2 + 10_000, "first start " + firstStart + " ms, second " + secondStart + " ms");
            assertEquals(good, get(node, "/api/rules").path("active_version").asText());

            // every owner is back, on the last good version, and takes commands
            assertEquals(good, get(node, "/api/projects/p1").path("policy_version").asText());
            assertEquals(200, send(node, "GET", "/api/meetings/m1", null).statusCode());
            assertEquals(200, send(node, "GET", "/api/conversations/c1", null).statusCode());
            assertEquals(200, send(node, "POST", "/api/meetings/m1/join", "{\"agent_id\": \"ann\"}", token(node, "ann"))
                    .statusCode());
            assertEquals(200, send(node, "POST", "/api/projects/p1/tasks/t1/start", "{\"agent_id\": \"alice\"}",
                    token(node, "alice")).statusCode());

            // the folder is tried once the owners are back: refused, shown, left on disk
            JsonNode folderState = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                folderState = get(node, "/api/rules").path("folder");
                if (folderState.path("status").asText().equals("refused")) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals("refused", folderState.path("status").asText(), folderState.toString());
            String why = folderState.path("refusal").toString();
            assertTrue(why.contains("Spin on every task") || why.contains("Throw every participant out"), why);
            assertEquals(good, get(node, "/api/rules").path("active_version").asText());
            String ready = send(node, "GET", "/q/health/ready", null).body();
            assertTrue(ready.contains("refused (version " + folderState.path("version").asText()), ready);
            assertTrue(Files.exists(rules.resolve("workflow/spin.drl")) && Files.exists(rules.resolve("meetings/purge.drl")));
            // the meeting kept its participants: the rule that would delete them never ran on it
            assertTrue(get(node, "/api/meetings/m1").toString().contains("bob"));
            assertEquals(good, get(node, "/api/projects/p1").path("policy_version").asText());
        } finally {
            node.close();
        }
    }

    private JsonNode get(NodeProcess node, String path) throws Exception {
        HttpResponse<String> r = send(node, "GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    /** A token of agent {@code agent}, issued by the admin. */
    private String token(NodeProcess node, String agent) throws Exception {
        HttpResponse<String> r = send(node, "POST", "/api/tokens", "{\"role\":\"agent\",\"agent_id\":\"" + agent + "\"}");
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> send(NodeProcess node, String method, String path, String body) throws Exception {
        return send(node, method, path, body, NodeProcess.ADMIN);
    }

    private HttpResponse<String> send(NodeProcess node, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
