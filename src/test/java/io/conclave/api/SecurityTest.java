package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Who may call. Every call needs a token; an agent's token acts as that agent only (a body naming another
 * agent is 403, saying who the caller is and whom it tried to act for); operators run projects, meetings
 * and conversations; only admins change the policy and issue tokens; an agent reads only what it belongs
 * to; a revoked token is refused from the next request on; every journal entry names the authenticated
 * caller. Requests here carry their own {@code Authorization} header, so {@link TestTokens} leaves them alone.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class SecurityTest {

    /** A project of two agents who can both do its two tasks; ann is the better (higher skill). */
    private static String project() {
        String id = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        as(TestTokens.ADMIN).contentType(ContentType.JSON).body(ProjectJson.project(id)
                .agent(ProjectJson.agent("ann").skill("x", 9), ProjectJson.agent("bob").skill("x", 5))
                .task(task("t1").needs("x", 1), task("t2").needs("x", 1))
                .json()).post("/api/projects").then().statusCode(201);
        return id;
    }

    private static RequestSpecification anonymous() {
        return RestAssured.given().header(TestTokens.ANONYMOUS, "yes");
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** Issues a token with the admin's; returns the token itself. */
    private static String issue(String body) {
        return as(TestTokens.ADMIN).contentType(ContentType.JSON).body(body).post("/api/tokens").then()
                .statusCode(201).body(jsonPath("record.hash", nullValue())).extract().path("token");
    }

    private static String agent(String agentId) {
        return issue("{\"role\": \"agent\", \"agent_id\": \"" + agentId + "\"}");
    }

    private static String operator(String name) {
        return issue("{\"role\": \"operator\", \"name\": \"" + name + "\"}");
    }

    /** A state-changing call of the API: method, path and body (null: none). */
    private record Call(String method, String path, String body) {
        ValidatableResponse by(RequestSpecification spec) {
            if (body != null) {
                spec = spec.contentType(ContentType.JSON).body(body);
            }
            return spec.request(method, path).then();
        }
    }

    /** Every state-changing endpoint of the API (the ids need not exist: who may call is checked first). */
    private static List<Call> everyCommand(String p) {
        return List.of(
                new Call("POST", "/api/projects", "{\"project_id\": \"x\"}"),
                new Call("DELETE", "/api/projects/" + p, null),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/start", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/complete", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/fail", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/bids", "{\"agent_id\": \"ann\", \"cost\": 1}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/announce", null),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/delegate", "{\"agent_id\": \"ann\", \"to\": \"bob\"}"),
                new Call("POST", "/api/projects/" + p + "/run", "{}"),
                new Call("POST", "/api/projects/" + p + "/checkpoints/cp-1/restore", null),
                new Call("POST", "/api/projects/" + p + "/interrupts", "{\"action\": \"status\"}"),
                new Call("POST", "/api/projects/" + p + "/conflicts/c/proposals", "{\"agent_id\": \"ann\", \"option\": \"o\"}"),
                new Call("POST", "/api/projects/" + p + "/conflicts/c/resolve", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/projects/" + p + "/consensus", "{\"agent_id\": \"ann\", \"title\": \"t\", "
                        + "\"voters\": [\"bob\"], \"fault_tolerance\": 0}"),
                new Call("POST", "/api/meetings", "{\"topic\": \"t\", \"creator\": \"ann\", \"participants\": [\"ann\"]}"),
                new Call("POST", "/api/meetings/m/join", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/meetings/m/leave", "{\"agent_id\": \"ann\"}"),
                new Call("POST", "/api/meetings/m/messages", "{\"message_type\": \"comment\", \"agent_id\": \"ann\", \"text\": \"t\"}"),
                new Call("POST", "/api/meetings/m/votes", "{\"agent_id\": \"ann\", \"proposal_id\": \"p\", \"vote\": \"yes\"}"),
                new Call("PUT", "/api/meetings/m/state", "{\"agent_id\": \"ann\", \"new_state\": \"voting\"}"),
                new Call("POST", "/api/conversations", "{\"policy\": {\"turn_strategy\": \"round_robin\", "
                        + "\"allowed_roles\": [\"expert\"]}}"),
                new Call("POST", "/api/conversations/c/agents", "{\"agent_id\": \"ann\", \"role\": {\"name\": \"expert\"}}"),
                new Call("DELETE", "/api/conversations/c/agents/ann", null),
                new Call("PUT", "/api/conversations/c/agents/ann/state", "{\"mood\": \"x\"}"),
                new Call("POST", "/api/conversations/c/messages", "{\"sender\": \"ann\", \"content\": \"hi\"}"),
                new Call("PUT", "/api/conversations/c/context/k", "{\"agent_id\": \"ann\", \"value\": 1, \"expected_version\": 0}"),
                new Call("PUT", "/api/rules/workflow/x.drl", null),
                new Call("DELETE", "/api/rules/workflow/x.drl", null),
                new Call("POST", "/api/rules/reload", null),
                new Call("POST", "/api/policies", "{\"remove\": [\"workflow/x.drl\"]}"),
                new Call("POST", "/api/policies/0123456789ab/activate", null),
                new Call("DELETE", "/api/policies/0123456789ab", null),
                new Call("POST", "/api/projects/" + p + "/dry-run", "{\"version\": \"0123456789ab\"}"),
                new Call("PUT", "/api/projects/" + p + "/pin", "{\"version\": \"0123456789ab\"}"),
                new Call("DELETE", "/api/projects/" + p + "/pin", null),
                new Call("POST", "/api/tokens", "{\"role\": \"agent\", \"agent_id\": \"ann\"}"),
                new Call("DELETE", "/api/tokens/none", null),
                new Call("POST", "/api/admin/projects/" + p + "/repair", null),
                new Call("POST", "/api/projects/" + p + "/agents", "{\"agent_id\": \"dan\"}"),
                new Call("PUT", "/api/projects/" + p + "/agents/ann", "{\"skill_levels\": {}}"),
                new Call("POST", "/api/projects/" + p + "/agents/ann/retire", "{}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/proposals", "{\"agent_id\": \"ann\", \"assignee\": \"bob\"}"),
                new Call("POST", "/api/agents/ann/inbox/1/ack", null));
    }

    /**
     * Every command is refused 401 without a token and with an unknown one, each answered once: the service's error
     * handler logs nothing (an unknown token's refusal was written twice before, which Vert.x refused with an error
     * and its stack in the log, one for every such request).
     */
    @Test
    void everyCommandWithoutATokenOrWithAnUnknownOneIs401() {
        List<java.util.logging.LogRecord> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                errors.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                "io.quarkus.vertx.http.runtime.QuarkusErrorHandler");
        logger.addHandler(handler);
        try {
            for (Call c : everyCommand("some-project")) {
                c.by(anonymous()).statusCode(401).body(jsonPath("error", equalTo("unauthorized")))
                        .header("WWW-Authenticate", containsString("Bearer"));
                c.by(as("cv_nobody_" + "x".repeat(40))).statusCode(401)
                        .body(jsonPath("error", equalTo("unauthorized")));
            }
            anonymous().get("/api/projects").then().statusCode(401);
            anonymous().get("/api/events").then().statusCode(401);
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of(), errors.stream().map(r -> r.getMessage()).toList());
    }

    @jakarta.inject.Inject
    io.conclave.api.security.AuthFailureRoute authFailures;

    /**
     * The service hands requests the failure handler Quarkus REST would, without Quarkus REST's per-request work: its
     * route runs before Quarkus REST's (it found the framework's default handler, never Quarkus REST's replacement),
     * and a refused read is still answered 401 in the API's shape and metered under its route's template, not its
     * raw path (one Prometheus series a route: the count under the template grows by the two refusals sent).
     */
    @Test
    void aRefusedRequestIsAnsweredAndMeteredAsBeforeWithoutQuarkusRestsPerRequestRouteTable() {
        String p = project();
        String series = "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"401\","
                + "uri=\"/api/projects/{project_id}\",}"; // as Micrometer writes it, a comma after the last label
        double before = metric(series);
        anonymous().get("/api/projects/" + p).then().statusCode(401).body(jsonPath("error", equalTo("unauthorized")));
        as("cv_nobody_" + "x".repeat(40)).get("/api/projects/" + p).then().statusCode(401)
                .body(jsonPath("error", equalTo("unauthorized")));
        as(TestTokens.ADMIN).get("/api/projects/" + p).then().statusCode(200);
        assertEquals(before + 2, metric(series), series);
        assertEquals(Boolean.TRUE, authFailures.runsFirst());
        assertFalse(scrape().contains("uri=\"/api/projects/" + p + "\""), "no series under the raw path");
    }

    /** The service's metrics as Prometheus reads them ({@code /q/metrics}). */
    private static String scrape() {
        return RestAssured.given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A series' value in a scrape of {@code /q/metrics} (0 when absent). */
    private static double metric(String series) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void theWrongRoleIs403AndNothingHappens() {
        String p = project();
        String ann = agent("ann");
        String ops = operator("ops");
        // an agent's token may run no operator's or admin's command
        for (Call c : List.of(
                new Call("POST", "/api/projects", "{\"project_id\": \"by-an-agent\", \"tasks\": []}"),
                new Call("DELETE", "/api/projects/" + p, null),
                new Call("POST", "/api/projects/" + p + "/run", "{}"),
                new Call("POST", "/api/projects/" + p + "/interrupts", "{\"action\": \"status\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/announce", null),
                new Call("POST", "/api/projects/" + p + "/agents", "{\"agent_id\": \"dan\"}"),
                new Call("PUT", "/api/projects/" + p + "/agents/ann", "{\"skill_levels\": {}}"),
                new Call("POST", "/api/projects/" + p + "/agents/ann/retire", "{}"),
                new Call("POST", "/api/conversations", "{\"policy\": {\"turn_strategy\": \"round_robin\", "
                        + "\"allowed_roles\": [\"expert\"]}}"),
                new Call("POST", "/api/rules/reload", null),
                new Call("POST", "/api/policies", "{\"remove\": [\"workflow/x.drl\"]}"),
                new Call("POST", "/api/projects/" + p + "/dry-run", "{\"version\": \"0123456789ab\"}"),
                new Call("PUT", "/api/projects/" + p + "/pin", "{\"version\": \"0123456789ab\"}"),
                new Call("POST", "/api/tokens", "{\"role\": \"admin\"}"),
                new Call("GET", "/api/admin/damaged", null))) {
            c.by(as(ann)).statusCode(403);
        }
        // an operator's token may not change the policy nor issue tokens
        as(ops).contentType(ContentType.TEXT).body("package conclave.workflow;\n").put("/api/rules/workflow/x.drl")
                .then().statusCode(403);
        as(ops).post("/api/rules/reload").then().statusCode(403);
        as(ops).post("/api/policies/0123456789ab/activate").then().statusCode(403);
        as(ops).contentType(ContentType.JSON).body("{\"version\": \"0123456789ab\"}").put("/api/projects/" + p + "/pin")
                .then().statusCode(403);
        as(ops).contentType(ContentType.JSON).body("{\"role\": \"admin\"}").post("/api/tokens").then().statusCode(403);
        // nothing of it happened: the project is there, never ran, no interrupt, and no other project appeared
        as(TestTokens.ADMIN).get("/api/projects/" + p + "/runs").then().statusCode(200)
                .body(jsonPath("size()", equalTo(0)));
        as(TestTokens.ADMIN).get("/api/projects/" + p + "/interrupts").then().statusCode(200)
                .body(jsonPath("size()", equalTo(0)));
        as(TestTokens.ADMIN).get("/api/projects/by-an-agent").then().statusCode(404);
        // the right role, as before
        as(ops).contentType(ContentType.JSON).body("{\"action\": \"status\"}").post("/api/projects/" + p + "/interrupts")
                .then().statusCode(202).body(jsonPath("requested_by", equalTo("ops")));
    }

    @Test
    void anAgentActsOnlyAsItself() {
        String p = project();
        String ann = agent("ann");
        String ops = operator("ops2");
        String meeting = "sec-m-" + UUID.randomUUID().toString().substring(0, 6);
        as(TestTokens.ADMIN).contentType(ContentType.JSON).body("""
                {"meeting_id": "%s", "topic": "t", "creator": "bob", "participants": ["ann", "bob"]}""".formatted(meeting))
                .post("/api/meetings").then().statusCode(201);
        String conversation = as(TestTokens.ADMIN).contentType(ContentType.JSON).body("""
                {"policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"]}}""")
                .post("/api/conversations").then().statusCode(201).extract().path("conversation_id");
        // ann's token, every agent action written as bob: each refused, saying who ann is and whom she acted for
        for (Call c : List.of(
                new Call("POST", "/api/projects/" + p + "/tasks/t1/start", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t2/complete", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t2/fail", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/bids", "{\"agent_id\": \"bob\", \"cost\": 1}"),
                new Call("POST", "/api/projects/" + p + "/tasks/t2/delegate", "{\"agent_id\": \"bob\", \"to\": \"ann\"}"),
                new Call("POST", "/api/projects/" + p + "/conflicts/c/proposals", "{\"agent_id\": \"bob\", \"option\": \"o\"}"),
                new Call("POST", "/api/projects/" + p + "/conflicts/c/resolve", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/projects/" + p + "/consensus", "{\"agent_id\": \"bob\", \"title\": \"t\", "
                        + "\"voters\": [\"ann\"], \"fault_tolerance\": 0}"),
                new Call("POST", "/api/meetings", "{\"topic\": \"t\", \"creator\": \"bob\", \"participants\": [\"bob\"]}"),
                new Call("POST", "/api/meetings/" + meeting + "/join", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/meetings/" + meeting + "/leave", "{\"agent_id\": \"bob\"}"),
                new Call("POST", "/api/meetings/" + meeting + "/messages",
                        "{\"message_type\": \"comment\", \"agent_id\": \"bob\", \"text\": \"t\"}"),
                new Call("POST", "/api/meetings/" + meeting + "/votes",
                        "{\"agent_id\": \"bob\", \"proposal_id\": \"p\", \"vote\": \"yes\"}"),
                new Call("PUT", "/api/meetings/" + meeting + "/state", "{\"agent_id\": \"bob\", \"new_state\": \"voting\"}"),
                new Call("POST", "/api/conversations/" + conversation + "/agents",
                        "{\"agent_id\": \"bob\", \"role\": {\"name\": \"expert\"}}"),
                new Call("DELETE", "/api/conversations/" + conversation + "/agents/bob", null),
                new Call("PUT", "/api/conversations/" + conversation + "/agents/bob/state", "{\"mood\": \"x\"}"),
                new Call("POST", "/api/conversations/" + conversation + "/messages", "{\"sender\": \"bob\", \"content\": \"hi\"}"),
                new Call("PUT", "/api/conversations/" + conversation + "/context/k",
                        "{\"agent_id\": \"bob\", \"value\": 1, \"expected_version\": 0}"),
                new Call("GET", "/api/agents/bob/inbox", null),
                new Call("POST", "/api/agents/bob/inbox/1/ack", null),
                new Call("POST", "/api/projects/" + p + "/tasks/t1/proposals", "{\"agent_id\": \"bob\", \"assignee\": \"ann\"}"))) {
            c.by(as(ann)).statusCode(403).body(jsonPath("error", equalTo("not_yourself")))
                    .body(jsonPath("message", equalTo("you are agent 'ann'; you tried to act for 'bob'")));
        }
        // an operator's token does not act as an agent either
        new Call("POST", "/api/projects/" + p + "/tasks/t1/start", "{\"agent_id\": \"ann\"}").by(as(ops))
                .statusCode(403).body(jsonPath("error", equalTo("not_an_agent")));
        // nothing was done: t1 is still ann's and only assigned, the meeting and conversation are as created
        as(TestTokens.ADMIN).get("/api/projects/" + p + "/tasks/t1").then()
                .body(jsonPath("status", equalTo("ASSIGNED")))
                .body(jsonPath("assignee", equalTo("ann")));
        as(TestTokens.ADMIN).get("/api/meetings/" + meeting + "/messages").then().body(jsonPath("size()", equalTo(0)));
        as(TestTokens.ADMIN).get("/api/conversations/" + conversation).then()
                .body(jsonPath("agents.size()", equalTo(0)));
        // and as herself, ann is answered as before
        new Call("POST", "/api/projects/" + p + "/tasks/t1/start", "{\"agent_id\": \"ann\"}").by(as(ann))
                .statusCode(200).body(jsonPath("status", equalTo("IN_PROGRESS")));
    }

    @Test
    void anAgentReadsOnlyWhatItBelongsTo() {
        String mine = project();
        String other = "sec-o-" + UUID.randomUUID().toString().substring(0, 6);
        as(TestTokens.ADMIN).contentType(ContentType.JSON).body(ProjectJson.project(other)
                        .agent(ProjectJson.agent("cid").skill("x", 5)).task(task("t").needs("x", 1)).json())
                .post("/api/projects").then().statusCode(201);
        String ann = agent("ann");
        as(ann).get("/api/projects").then().statusCode(200).body(jsonPath("project_id", hasItem(mine)))
                .body(jsonPath("project_id", not(hasItem(other))));
        as(ann).get("/api/projects/" + mine).then().statusCode(200);
        as(ann).get("/api/projects/" + other).then().statusCode(403).body(jsonPath("error", equalTo("not_a_member")));
        as(ann).get("/api/projects/" + other + "/decisions").then().statusCode(403);
        as(ann).get("/api/projects/" + other + "/tasks/t/explain").then().statusCode(403);
        // a token limited to some projects sees only those, even among the agent's own
        String annElsewhere = issue("{\"role\": \"agent\", \"agent_id\": \"ann\", \"projects\": [\"not-this-one\"]}");
        as(annElsewhere).get("/api/projects/" + mine).then().statusCode(403);
        // operators and admins see all
        as(operator("reader")).get("/api/projects/" + other).then().statusCode(200);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        String p = project();
        String ann = agent("ann");
        as(ann).get("/api/projects/" + p).then().statusCode(200);
        String id = ann.split("_")[1];
        as(TestTokens.ADMIN).get("/api/tokens").then().statusCode(200)
                .body(jsonPath("find { it.token_id == '" + id + "' }.agent_id", equalTo("ann")))
                .body(jsonPath("token", everyItem(nullValue()))).body(jsonPath("hash", everyItem(nullValue())));
        as(TestTokens.ADMIN).delete("/api/tokens/" + id).then().statusCode(200)
                .body(jsonPath("revoked_by", equalTo("admin"))).body(jsonPath("revoked_at", notNullValue()));
        as(ann).get("/api/projects/" + p).then().statusCode(401);
        as(TestTokens.ADMIN).delete("/api/tokens/no-such-token").then().statusCode(404);
    }

    @Test
    void aBodyWithoutContentTypeIs415AndATooLargeBodyIs413() throws IOException {
        String p = project();
        String ann = agent("ann");
        // what a page of another site can send without asking: no content type, or a form
        as(ann).body("{\"agent_id\": \"ann\"}").post("/api/projects/" + p + "/tasks/t1/start").then().statusCode(415);
        as(ann).contentType("text/plain").body("{\"agent_id\": \"ann\"}").post("/api/projects/" + p + "/tasks/t1/start")
                .then().statusCode(415);
        as(ann).contentType("application/x-www-form-urlencoded").body("agent_id=ann")
                .post("/api/projects/" + p + "/tasks/t1/start").then().statusCode(415);
        as(TestTokens.ADMIN).get("/api/projects/" + p + "/tasks/t1").then()
                .body(jsonPath("status", equalTo("ASSIGNED")));
        // a long title within the body limit is refused by the project's own limit, with its path
        as(TestTokens.ADMIN).contentType(ContentType.JSON).body("{\"project_id\": \"long-title\", \"title\": \""
                + "t".repeat(600) + "\"}").post("/api/projects").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.title")))
                .body(jsonPath("details[0].message", containsString("at most 500")));
        // a 2 MB body: beyond the body limit, refused before it is read. Only its head is sent, on a socket of our
        // own: a client that goes on writing the 2 MB after the answer finds the connection closed under it (a
        // broken pipe instead of the answer, seen once in a suite run), and an answer to the head alone is what
        // "before it is read" means
        assertTrue(headOnly("/api/projects", 2_000_050).startsWith("HTTP/1.1 413"), "the answer to the head alone");
        as(TestTokens.ADMIN).get("/api/projects/huge").then().statusCode(404);
    }

    /** Sends only the head of an admin's JSON POST whose body would be {@code length} bytes; the status line answered. */
    private static String headOnly(String path, long length) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.ADMIN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return line == null ? "(no answer)" : line;
        }
    }

    @Test
    void everyJournalEntryNamesTheAuthenticatedCaller() throws IOException {
        String p = project();
        String ann = agent("ann");
        String ceo = operator("ceo");
        new Call("POST", "/api/projects/" + p + "/tasks/t1/start", "{\"agent_id\": \"ann\"}").by(as(ann)).statusCode(200);
        new Call("POST", "/api/projects/" + p + "/tasks/t1/complete", "{\"agent_id\": \"ann\"}").by(as(ann)).statusCode(200);
        // a self-declared actor header is ignored: the caller is the token
        as(ceo).header("X-Conclave-Actor", "someone-else").contentType(ContentType.JSON)
                .body("{\"action\": \"status\"}").post("/api/projects/" + p + "/interrupts").then().statusCode(202)
                .body(jsonPath("requested_by", equalTo("ceo")));
        Path journal = Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class))
                .resolve("projects").resolve(p).resolve("journal.jsonl");
        List<String> actors = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            actors.add(Json.MAPPER.readTree(line).get("actor").asText());
        }
        // the creation by the admin, ann's two reports, the ceo's interrupt; the service's own entries are "conclave"
        assertEquals(List.of("admin", "ann", "ann", "ceo"), actors.stream().filter(a -> !a.equals("conclave")).toList());
        Set<String> named = new TreeSet<>(actors);
        assertTrue(Set.of("admin", "ann", "ceo", "conclave").containsAll(named), named.toString());
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerScheme() {
        Map<String, Object> scheme = RestAssured.given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("components.securitySchemes.bearer");
        assertEquals("http", scheme.get("type"));
        assertEquals("bearer", scheme.get("scheme"));
    }

    @Test
    void theDashboardSendsAVisitorWithoutATokenToItsSignIn() {
        anonymous().redirects().follow(false).get("/projects/any").then().statusCode(303)
                .header("Location", containsString("/login?next=%2Fprojects%2Fany"));
        anonymous().get("/login").then().statusCode(200).body(containsString("id=\"token\""));
        anonymous().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", "cv_wrong_" + "y".repeat(40)).post("/login").then().statusCode(401);
        anonymous().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", TestTokens.ADMIN).formParam("next", "https://elsewhere.example/")
                .post("/login").then().statusCode(303).header("Location", not(containsString("elsewhere")))
                .header("Set-Cookie", containsString("SameSite=Strict")).header("Set-Cookie", containsString("HttpOnly"));
        // /logout typed in the address bar is a page whose button signs out by POST; the POST clears the cookie
        anonymous().get("/logout").then().statusCode(200)
                .body(containsString("<form method=\"post\" action=\"/logout\" id=\"logout-form\">"));
        RestAssured.given().redirects().follow(false).cookie("conclave_token", TestTokens.ADMIN).post("/logout").then()
                .statusCode(303).header("Location", containsString("/login"))
                .header("Set-Cookie", containsString("conclave_token=;")).header("Set-Cookie", containsString("Max-Age=0"));
        // an agent's page has no operator's buttons; an operator's has
        String p = project();
        RestAssured.given().cookie("conclave_token", agent("ann")).get("/projects/" + p).then().statusCode(200)
                .body(not(containsString("id=\"run-button\"")));
        RestAssured.given().cookie("conclave_token", TestTokens.ADMIN).get("/projects/" + p).then().statusCode(200)
                .body(containsString("id=\"run-button\""));
    }
}
