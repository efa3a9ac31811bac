package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Every check runs before a command reaches its runtime, and a refused command leaves no trace: a token limited to
 * some projects, a request a page of another site could send, and text that would be changed on the way in are each
 * refused, and the project's journal is byte-for-byte what it was. Raw requests go through {@link HttpClient}: REST
 * Assured always adds a Content-Type and re-encodes text, which is exactly what these cases must control.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class ChecksFirstTest {
    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A project whose one agent, pm, gets its one task t at once (pm is the only one who can do it). */
    private static String projectOfPm(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as(TestTokens.ADMIN).contentType(ContentType.JSON).body(project(id)
                        .agent(agent("pm").skill("x", 5)).task(task("t").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        as(TestTokens.ADMIN).get("/api/projects/" + id + "/tasks/t").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        return id;
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    private static String issue(String body) {
        return as(TestTokens.ADMIN).contentType(ContentType.JSON).body(body).post("/api/tokens").then()
                .statusCode(201).extract().path("token");
    }

    private static byte[] journal(String projectId) throws IOException {
        return Files.readAllBytes(Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class))
                .resolve("projects").resolve(projectId).resolve("journal.jsonl"));
    }

    @Test
    void aTokenForOneProjectActsOnNoOther() throws IOException {
        String a = projectOfPm("scope-a");
        String b = projectOfPm("scope-b");
        String pmForA = issue("{\"role\": \"agent\", \"agent_id\": \"pm\", \"projects\": [\"" + a + "\"]}");
        byte[] before = journal(b);
        // pm is an agent of both projects, but this token is for a only: completing or starting b's task is
        // refused before the project is touched, so b's journal keeps every byte and the task stays ASSIGNED
        for (String step : new String[] {"start", "complete", "fail"}) {
            as(pmForA).contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                    .post("/api/projects/" + b + "/tasks/t/" + step).then().statusCode(403)
                    .body(jsonPath("error", equalTo("not_a_member")));
        }
        assertArrayEquals(before, journal(b));
        as(TestTokens.ADMIN).get("/api/projects/" + b + "/tasks/t").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        // and it reads nothing of b, while a works as before
        as(pmForA).get("/api/projects/" + b + "/tasks").then().statusCode(403);
        as(pmForA).contentType(ContentType.JSON).body("{\"agent_id\": \"pm\"}")
                .post("/api/projects/" + a + "/tasks/t/start").then().statusCode(200)
                .body(jsonPath("status", equalTo("IN_PROGRESS")));
    }

    @Test
    void anAgentOpensNoMeetingAboutAnotherProjectsTask() throws IOException {
        String b = projectOfPm("mtg-b");
        String outsider = issue("{\"role\": \"agent\", \"agent_id\": \"zed\"}");
        String pmElsewhere = issue("{\"role\": \"agent\", \"agent_id\": \"pm\", \"projects\": [\"elsewhere\"]}");
        String meeting = "{\"topic\": \"about t\", \"creator\": \"%s\", \"participants\": [\"%s\"], "
                + "\"project_id\": \"" + b + "\", \"task_id\": \"t\"}";
        // zed is no agent of b; pm is, but its token is for another project
        as(outsider).contentType(ContentType.JSON).body(meeting.formatted("zed", "zed")).post("/api/meetings").then()
                .statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        as(pmElsewhere).contentType(ContentType.JSON).body(meeting.formatted("pm", "pm")).post("/api/meetings").then()
                .statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        as(TestTokens.ADMIN).queryParam("project_id", b).get("/api/meetings").then().statusCode(200)
                .body(jsonPath("size()", equalTo(0)));
        // pm with a token for b may
        String pmForB = issue("{\"role\": \"agent\", \"agent_id\": \"pm\", \"projects\": [\"" + b + "\"]}");
        as(pmForB).contentType(ContentType.JSON).body(meeting.formatted("pm", "pm")).post("/api/meetings").then()
                .statusCode(201);
    }

    @Test
    void whatAPageOfAnotherSiteCouldSendIsRefused() throws Exception {
        String p = projectOfPm("csrf");
        byte[] before = journal(p);
        String interrupt = "/api/projects/" + p + "/interrupts";
        byte[] pause = "{\"action\": \"pause\"}".getBytes(StandardCharsets.UTF_8);
        String bearer = "Bearer " + TestTokens.ADMIN;
        String cookie = "conclave_token=" + TestTokens.ADMIN;
        // a JSON body without a Content-Type, with a token or with the dashboard's cookie
        assertRefused(send("POST", interrupt, pause, "Authorization", bearer), 415, "unsupported_media_type");
        assertRefused(send("POST", interrupt, pause, "Cookie", cookie), 415, "unsupported_media_type");
        // a form, to an endpoint that takes JSON or to one that takes no body
        assertRefused(send("POST", interrupt, "action=pause".getBytes(StandardCharsets.UTF_8), "Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded"), 415, "unsupported_media_type");
        assertRefused(send("POST", "/api/rules/reload", "a=b".getBytes(StandardCharsets.UTF_8), "Authorization",
                bearer, "Content-Type", "multipart/form-data; boundary=x"), 415, "unsupported_media_type");
        // an empty form to an endpoint without a body, signed in by the cookie: it lacks the dashboard's header
        assertRefused(send("POST", "/api/rules/reload", new byte[0], "Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded"), 403, "cross_site_request");
        // JSON signed in by the cookie, but without the dashboard's header: what a script of another port could do
        assertRefused(send("POST", interrupt, pause, "Cookie", cookie, "Content-Type", "application/json"), 403,
                "cross_site_request");
        assertRefused(send("POST", "/api/rules/reload", new byte[0], "Cookie", cookie), 403, "cross_site_request");
        // a body that says it is not UTF-8
        assertRefused(send("POST", interrupt, pause, "Authorization", bearer,
                "Content-Type", "application/json; charset=ISO-8859-1"), 415, "unsupported_media_type");
        // a browser's request from another origin (another port of this host): Quarkus' CORS filter answers 403
        HttpResponse<String> cross = send("POST", interrupt, pause, "Authorization", bearer,
                "Content-Type", "application/json", "Origin", "http://localhost:1");
        assertEquals(403, cross.statusCode(), cross.body());
        assertArrayEquals(before, journal(p), "a refused request changed the journal");
        // the dashboard's own call (cookie and header) and an agent's (token, JSON) are taken
        byte[] status = "{\"action\": \"status\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> dashboard = send("POST", interrupt, status, "Cookie", cookie,
                "Content-Type", "application/json", "X-Conclave-Request", "dashboard");
        assertEquals(202, dashboard.statusCode(), dashboard.body());
        HttpResponse<String> client = send("POST", interrupt, status,
                "Authorization", bearer, "Content-Type", "application/json");
        assertEquals(202, client.statusCode(), client.body());
    }

    @Test
    void textThatWouldBeChangedOnTheWayInIsRefusedWithItsPosition() throws Exception {
        String p = projectOfPm("text");
        byte[] before = journal(p);
        String path = "/api/projects/" + p + "/interrupts";
        String bearer = "Bearer " + TestTokens.ADMIN;
        // {"action": "pause", "reason": "a<C0 AF>b"}: C0 AF is an over-long '/', at byte 33 (0-based 32)
        byte[] overlong = concat("{\"action\": \"pause\", \"reason\": \"a".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode e = refused(send("POST", path, overlong, "Authorization", bearer, "Content-Type", "application/json"),
                400, "malformed_text");
        assertTrue(e.get("message").asText().contains("byte 33 (line 1, column 33)"), e.toString());
        assertTrue(e.get("message").asText().contains("C0"), e.toString());
        // a lone high surrogate escaped in a string: the 8th character of line 2
        e = refused(send("POST", path, "{\"action\": \"pause\",\n\"reason\": \"x\\ud800\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", bearer, "Content-Type", "application/json"), 400, "malformed_text");
        assertTrue(e.get("message").asText().contains("line 2, column 13"), e.toString());
        assertTrue(e.get("message").asText().contains("\\ud800"), e.toString());
        // a key given twice: which one was meant is the client's to say
        e = refused(send("POST", path, "{\"action\": \"pause\", \"action\": \"resume\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", bearer, "Content-Type", "application/json"), 400, "malformed_json");
        assertTrue(e.get("message").asText().contains("Duplicate field 'action'"), e.toString());
        assertTrue(e.get("message").asText().contains("line 1"), e.toString());
        // a byte-order mark, and a UTF-16 body
        refused(send("POST", path, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"action\": \"pause\"}".getBytes(StandardCharsets.UTF_8)), "Authorization", bearer,
                "Content-Type", "application/json"), 400, "malformed_text");
        e = refused(send("POST", path, "{\"action\": \"pause\"}".getBytes(StandardCharsets.UTF_16LE),
                "Authorization", bearer, "Content-Type", "application/json"), 400, "malformed_text");
        assertTrue(e.get("message").asText().contains("byte 2"), e.toString());
        assertArrayEquals(before, journal(p), "a refused request changed the journal");
        // a surrogate pair (U+1F600) is a character: taken, and kept as it was sent
        HttpResponse<String> ok = send("POST", path,
                "{\"action\": \"status\", \"reason\": \"ok \\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", bearer, "Content-Type", "application/json");
        assertEquals(202, ok.statusCode(), ok.body());
        assertTrue(new String(journal(p), StandardCharsets.UTF_8).contains("ok \uD83D\uDE00"));
    }

    /**
     * A body an endpoint takes as a JSON tree (a new conversation) is read as strictly as a request record: its text
     * first, then JSON by the service's mapper (no key twice, nothing after the value), and never "no body": the
     * literal null, an empty body and one of blanks are each refused, and none of them opens anything.
     */
    @Test
    void aTreeBodyIsTextThenOneJsonValueAndNeverNothing() throws Exception {
        String bearer = "Bearer " + TestTokens.ADMIN;
        String id = "tree-" + UUID.randomUUID().toString().substring(0, 8);
        String json = "{\"conversation_id\": \"" + id + "\", \"policy\": {\"turn_strategy\": \"round_robin\", "
                + "\"allowed_roles\": [\"expert\"]}}";
        // a byte-order mark, and a lone surrogate escaped in a string: the text is refused before any parser reads it
        refused(send("POST", "/api/conversations", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                json.getBytes(StandardCharsets.UTF_8)), "Authorization", bearer, "Content-Type", "application/json"),
                400, "malformed_text");
        JsonNode e = refused(send("POST", "/api/conversations", json.replace("round_robin", "x\\udc00")
                .getBytes(StandardCharsets.UTF_8), "Authorization", bearer, "Content-Type", "application/json"), 400,
                "malformed_text");
        assertTrue(e.get("message").asText().contains("\\udc00"), e.toString());
        // a key twice, and a second value after the first
        e = refused(send("POST", "/api/conversations", json.replace("{\"turn", "{\"turn_strategy\": \"dynamic\", \"turn")
                .getBytes(StandardCharsets.UTF_8), "Authorization", bearer, "Content-Type", "application/json"), 400,
                "malformed_json");
        assertTrue(e.get("message").asText().contains("Duplicate field 'turn_strategy'"), e.toString());
        refused(send("POST", "/api/conversations", (json + " {}").getBytes(StandardCharsets.UTF_8), "Authorization",
                bearer, "Content-Type", "application/json"), 400, "malformed_json");
        // null, nothing, blanks: never taken for "every default"
        for (String nothing : new String[] {"null", "", " \n\t "}) {
            e = refused(send("POST", "/api/conversations", nothing.getBytes(StandardCharsets.UTF_8), "Authorization",
                    bearer, "Content-Type", "application/json"), 400, "invalid_request");
            assertEquals("$", e.at("/details/0/path").asText(), "'" + nothing + "': " + e);
        }
        assertEquals(404, send("GET", "/api/conversations/" + id, new byte[0], "Authorization", bearer).statusCode());
        // the same body as sent, good text and one value: taken
        HttpResponse<String> ok = send("POST", "/api/conversations", json.getBytes(StandardCharsets.UTF_8),
                "Authorization", bearer, "Content-Type", "application/json");
        assertEquals(201, ok.statusCode(), ok.body());
    }

    @Test
    void aRuleFileThatIsNotUtf8IsRefusedBeforeItIsRead() throws Exception {
        byte[] drl = concat("package x;\n// caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9},
                "\n".getBytes(StandardCharsets.UTF_8));
        JsonNode e = refused(send("POST", "/api/rules/validate", drl, "Authorization", "Bearer " + TestTokens.ADMIN,
                "Content-Type", "text/plain"), 400, "malformed_text");
        assertTrue(e.get("message").asText().contains("line 2, column 7"), e.toString());
    }

    /** A policy version that is no name of the archive (a NUL byte made it a path Java refuses: a 500) is unknown. */
    @Test
    void aPolicyVersionThatIsNoNameIsUnknown() throws Exception {
        String bearer = "Bearer " + TestTokens.ADMIN;
        for (String path : new String[] {"/api/policies/%00", "/api/policies/%00/diff/abc", "/api/policies/abc/diff/%00"}) {
            HttpResponse<String> r = send("GET", path, new byte[0], "Authorization", bearer);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
        HttpResponse<String> drop = send("DELETE", "/api/policies/%00", new byte[0], "Authorization", bearer);
        assertTrue(drop.statusCode() >= 400 && drop.statusCode() < 500, drop.statusCode() + " " + drop.body());
    }

    /**
     * An id a caller sends is text in the answer, never an expression: Hibernate Validator evaluates expressions in a
     * message after its parameters are put in, and the id ${1+1} came back as '2'. And a token without a role is a
     * 400 at $.role (it was a 500: an immutable set asked whether it holds null).
     */
    @Test
    void whatACallerSendsIsNeverEvaluatedAndAMissingRoleIsNamed() throws Exception {
        String p = projectOfPm("el");
        HttpResponse<String> r = send("POST", "/api/projects/" + p + "/interrupts",
                "{\"action\": \"skip\", \"task_id\": \"${1+1}\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + TestTokens.ADMIN, "Content-Type", "application/json");
        JsonNode e = refused(r, 400, "invalid_request");
        assertEquals("$.task_id", e.at("/details/0/path").asText());
        assertTrue(e.at("/details/0/message").asText().startsWith("'${1+1}' is not a valid id"), e.toString());
        JsonNode token = refused(send("POST", "/api/tokens", "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + TestTokens.ADMIN, "Content-Type", "application/json"), 400, "invalid_request");
        assertEquals("$.role", token.at("/details/0/path").asText());
    }

    private JsonNode refused(HttpResponse<String> r, int status, String error) throws IOException {
        assertRefused(r, status, error);
        return Json.MAPPER.readTree(r.body());
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, Json.MAPPER.readTree(r.body()).path("error").asText(), r.body());
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
