package io.conclave.api;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.model.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.conclave.api.project.ProjectResourceTest;
import io.conclave.api.project.RunResourceTest;

/**
 * Every operation of the service's own OpenAPI document, called anonymously and as an agent, an operator and an admin,
 * with random and hostile values for every path and query parameter and every body field ({@link HostileValues}),
 * drawn from a seeded random (printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.cases=N} sets the calls per
 * operation and caller). A project, a meeting and a conversation exist first, and their ids are among the values, so
 * calls get past "not found" into the checks behind it. Every answer must be:
 * <ul>
 * <li>below 500: bad input is the caller's problem, never the service's;</li>
 * <li>within {@link #BOUND}: not a timing (the calls take milliseconds), a bound on a hang;</li>
 * <li>for a 4xx, in the API's error shape ({@code error}, {@code message}) and without a trace: the journals of the
 * three owners, the tokens, the rules folder and the lists of owners are byte for byte what they were (a 414 or 431,
 * a request line or headers longer than the HTTP layer reads, is answered there with no body, before the service).</li>
 * </ul>
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class OpenApiFuzzTest {
    /** A call slower than this is taken for a hang (the slowest legitimate one here, a refused compile, takes ~1 s). */
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int CASES = Integer.getInteger("fuzz.cases", 3);
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    /** Operations not called, each with why (as few as can be). */
    private static final Map<String, String> SKIPPED = Map.of(
            "POST /api/projects/{project_id}/run", "starts a run whose steps are journaled in the background, which the "
                    + "comparison of journals would take for the trace of a refused call (RunResourceTest covers its refusals)",
            "DELETE /api/projects/{project_id}", "would delete the project the other calls reach into (ProjectResourceTest "
                    + "and SecurityTest cover its refusals)");
    /** Bodies no parser should turn into text: an over-long '/', an escaped lone surrogate, a BOM, UTF-16, garbage. */
    private static final List<byte[]> RAW = List.of(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
            "{\"agent_id\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, "{}".getBytes(StandardCharsets.UTF_16),
            new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD}, "{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8),
            "{".getBytes(StandardCharsets.UTF_8));
    /** Writes bodies nested deeper than the service reads (the default writer stops at 1,000 levels). */
    private static final ObjectMapper WRITER = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10_000).build()).build());

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Path data;
    private final List<Path> journals = new ArrayList<>();

    @Test
    void everyOperationAsEveryCallerWithHostileValuesAnswersBelow500InTimeAndARefusalLeavesNoTrace() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("OpenApiFuzzTest: -Dfuzz.seed=" + seed);
        data = Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class));
        JsonNode doc = Json.MAPPER.readTree(send("GET", "/q/openapi?format=json", null, null, "application/json").body());
        Map<String, String> callers = seed();
        HostileValues values = new HostileValues(new Random(seed), doc.at("/components/schemas"), ids);
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().path(method);
                String name = method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                if (op.isMissingNode() || SKIPPED.containsKey(name)) {
                    continue;
                }
                for (Map.Entry<String, String> caller : callers.entrySet()) {
                    for (int i = 0; i < CASES; i++) {
                        String problem = call(name, path.getKey(), method, op, caller, values);
                        calls++;
                        if (problem != null) {
                            problems.add(problem);
                        }
                    }
                }
            }
        }
        System.out.println("OpenApiFuzzTest: " + calls + " calls, " + problems.size() + " problem(s)");
        assertTrue(calls > 900, "calls made: " + calls);
        assertTrue(problems.isEmpty(), "seed " + seed + ": " + problems.size() + " problem(s):\n"
                + String.join("\n", problems.subList(0, Math.min(problems.size(), 30))));
    }

    private final List<String> ids = new ArrayList<>(List.of("t1", "t2", "ann", "cid", "run-1", "cp-1"));

    /** The owners and tokens the calls reach: returns the callers, by name, with their tokens (null: anonymous). */
    private Map<String, String> seed() throws Exception {
        String p = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        String m = p + "-m";
        admin("POST", "/api/projects", project(p).agent(agent("ann").skill("dev", 8), agent("cid").skill("dev", 9))
                .task(task("t1").needs("dev", 5), task("t2").needs("dev", 5).after("t1")).json());
        admin("POST", "/api/meetings", """
                {"meeting_id": "%s", "topic": "fuzz", "creator": "ann", "participants": ["ann", "cid"]}""".formatted(m));
        String c = Json.MAPPER.readTree(admin("POST", "/api/conversations", """
                {"project_id": "%s", "policy": {"turn_strategy": "round_robin", "allowed_roles": ["expert"]}}"""
                .formatted(p))).path("conversation_id").asText();
        ids.addAll(List.of(p, m, c));
        journals.addAll(List.of(data.resolve("projects").resolve(p).resolve("journal.jsonl"),
                data.resolve("meetings").resolve(m).resolve("journal.jsonl"),
                data.resolve("conversations").resolve(c).resolve("journal.jsonl"), data.resolve("tokens.json")));
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("agent ann", token("{\"role\": \"agent\", \"agent_id\": \"ann\"}"));
        callers.put("operator", token("{\"role\": \"operator\", \"name\": \"fuzz-ops\"}"));
        callers.put("admin", TestTokens.ADMIN);
        return callers;
    }

    /** One call of {@code op} with hostile values; what is wrong with its answer, or null. */
    private String call(String name, String template, String method, JsonNode op, Map.Entry<String, String> caller,
                        HostileValues values) throws Exception {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode param : op.path("parameters")) {
            String value = param.path("name").asText().equals("wait_seconds") ? values.pick(List.of("-1", "x", "0", "99999"))
                    : values.text();
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            switch (param.path("in").asText()) {
                case "path" -> path = path.replace("{" + param.path("name").asText() + "}",
                        value.isEmpty() ? "x" : encoded);
                case "query" -> query.append(query.isEmpty() ? "?" : "&").append(param.path("name").asText()).append('=')
                        .append(encoded);
                default -> { }
            }
        }
        JsonNode content = op.at("/requestBody/content");
        byte[] body = null;
        String type = null;
        if (content.has("application/json")) {
            type = "application/json";
            body = values.pick(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) == 1 ? values.pick(RAW)
                    : WRITER.writeValueAsBytes(values.body(content.at("/application~1json/schema")));
        } else if (content.has("text/plain")) {
            type = "text/plain";
            body = values.pick(HostileValues.TEXTS).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> before = trace();
        long start = System.nanoTime();
        HttpResponse<String> r;
        try {
            try {
                r = send(method.toUpperCase(java.util.Locale.ROOT), path + query, body, type, caller.getValue());
            } catch (IOException closed) {
                if (closed instanceof HttpTimeoutException) {
                    throw closed;
                }
                // the client sent it on a kept-alive connection the service had just closed (it closes one after a
                // 414, say): nothing of it was read. Once more, on a new connection; a second failure is a problem
                r = send(method.toUpperCase(java.util.Locale.ROOT), path + query, body, type, caller.getValue());
            }
        } catch (HttpTimeoutException e) {
            return name + " as " + caller.getKey() + ": no answer within " + BOUND + " (" + cut(path + query) + ")";
        } catch (IOException e) {
            if (pastLineLimit(method, path + query)) {
                // the HTTP layer refuses such a line with a 414 and closes the connection: a client still sending its
                // body may see the close (a reset) before the 414. Refused before the service all the same: nothing
                // may have changed
                Map<String, String> after = trace();
                return before.equals(after) ? null : name + " as " + caller.getKey() + " " + cut(path + query)
                        + ": the connection closed, but changed " + changed(before, after);
            }
            return name + " as " + caller.getKey() + " " + cut(path + query) + (body == null ? "" : " with "
                    + cut(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8)))
                    + ": no answer, the connection closed (" + e.getMessage() + ")";
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String what = name + " as " + caller.getKey() + " " + cut(path + query) + (body == null ? "" : " with "
                + cut(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8))) + ": ";
        if (r.statusCode() >= 500) {
            return what + r.statusCode() + " " + cut(r.body());
        }
        if (millis > BOUND.toMillis()) {
            return what + "answered after " + millis + " ms";
        }
        if (r.statusCode() == 414 || r.statusCode() == 431) {
            return null; // a request line or headers past Vert.x's limits: refused by the HTTP layer before anything reads it
        }
        if (r.statusCode() >= 400) {
            JsonNode error;
            try {
                error = Json.MAPPER.readTree(r.body());
            } catch (IOException e) {
                return what + r.statusCode() + " not in the error shape: " + cut(r.body());
            }
            if (!error.path("error").isTextual() || !error.path("message").isTextual()) {
                return what + r.statusCode() + " not in the error shape: " + cut(r.body());
            }
            Map<String, String> after = trace();
            if (!before.equals(after)) {
                return what + r.statusCode() + " " + error.path("error").asText() + " but changed " + changed(before, after);
            }
        }
        return null;
    }

    /**
     * What a refused call must not change: the three owners' journals, the tokens, the rules, the lists of owners. The
     * files' contents themselves, compared as they are: hashing them twice a call took most of this test's time.
     */
    private Map<String, String> trace() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path p : journals) {
            out.put(p.toString(), Files.exists(p) ? contents(p) : "absent");
        }
        Path rules = Path.of(ConfigProvider.getConfig().getValue("conclave.rules-dir", String.class));
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(f.toString(), contents(f));
            }
        }
        for (String kind : List.of("projects", "meetings", "conversations")) {
            Path dir = data.resolve(kind);
            try (Stream<Path> owners = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
                out.put(kind, owners.map(o -> o.getFileName().toString()).sorted().toList().toString());
            }
        }
        return out;
    }

    /** True when the request line is longer than the HTTP layer reads (it answers 414 before the service). */
    private static boolean pastLineLimit(String method, String target) {
        int limit = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-initial-line-length",
                Integer.class).orElse(4096);
        return (method + " " + target + " HTTP/1.1").getBytes(StandardCharsets.UTF_8).length > limit;
    }

    /** Text shortened for a failure message (a value may be 70,000 characters). */
    private static String cut(String s) {
        return s.length() <= 160 ? s : s.substring(0, 150) + "…(" + s.length() + ")";
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String k : after.keySet()) {
            if (!after.get(k).equals(before.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** A file's bytes as a text (one char a byte), for equals. */
    private static String contents(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private String admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body.getBytes(StandardCharsets.UTF_8), "application/json",
                TestTokens.ADMIN);
        assertTrue(r.statusCode() < 300, path + ": " + r.body());
        return r.body();
    }

    private String token(String body) throws Exception {
        return Json.MAPPER.readTree(admin("POST", "/api/tokens", body)).path("token").asText();
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String type, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(BOUND).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException badUri) {
            throw new UncheckedIOException(new IOException(path, badUri));
        }
    }
}
