package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.twoAgentProject;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.conclave.api.meeting.MeetingResourceTest;

/**
 * The policy endpoints under attack, on a private copy of the shipped rules: oversized and deeply
 * dotted files, thousands of files, junk bodies and wrong content types, parallel compiles, and rule
 * files that try to escape the allow-list. Each is answered in the error shape with a 4xx naming the
 * file, the line and the limit or name; nothing is written or activated, nothing runs, and commands
 * of projects and meetings are answered while a compile is under way.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(PolicyFolders.class) // with the policy lifecycle's and roll-outs' classes
public class HostilePolicyTest {

    private String active;

    /** The shipped rules, live (the classes sharing the application may have left another version active). */
    @BeforeEach
    void shippedIsActive() {
        active = PolicyFolders.shippedIsLive();
    }

    @Test
    void aRuleNameOfTensOfThousandsOfCharactersIsRefusedBeforeCompiling() {
        String drl = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"" + "n".repeat(40_000)
                + "\"\nwhen\n    Task()\nthen\nend\n";
        validate(drl, "workflow/long.drl").statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details[0].file", equalTo("workflow/long.drl")))
                .body(jsonPath("details[0].line", equalTo(5)))
                .body(jsonPath("details[0].message", containsString("conclave.rules.max-name")));
        put("workflow/long.drl", drl).statusCode(422)
                .body(jsonPath("details[0].message", containsString("conclave.rules.max-name")));
        assertNothingChanged("workflow/long.drl");
    }

    @Test
    void aPackageOfTensOfThousandsOfSegmentsIsRefusedBeforeCompiling() {
        String drl = "package " + "a.".repeat(20_000) + "b;\n\nrule \"x\"\nwhen\nthen\nend\n";
        validate(drl, "workflow/deep.drl").statusCode(422)
                .body(jsonPath("details[0].file", equalTo("workflow/deep.drl")))
                .body(jsonPath("details[0].line", equalTo(1)))
                .body(jsonPath("details[0].message", containsString("conclave.rules.max-segments")));
        put("workflow/deep.drl", drl).statusCode(422);
        assertNothingChanged("workflow/deep.drl");
    }

    @Test
    void bracketsNestedThousandsDeepAreRefusedBeforeCompiling() {
        String drl = "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"deep\"\nwhen\n    Task( priority > "
                + "(".repeat(5_000) + "1" + ")".repeat(5_000) + " )\nthen\nend\n";
        validate(drl, "workflow/nested.drl").statusCode(422)
                .body(jsonPath("details[0].line", equalTo(7)))
                .body(jsonPath("details[0].message", containsString("conclave.rules.max-nesting")));
    }

    @Test
    void aValidationOfTwoThousandFilesIsRefusedBeforeCompiling() {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            files.put("workflow/f" + i + ".drl", "package conclave.workflow;\n");
        }
        api().contentType(ContentType.JSON).body(Map.of("files", files, "standalone", true))
                .when().post("/api/rules/validate")
                .then().statusCode(422)
                .body(jsonPath("error", equalTo("invalid_policy")))
                .body(jsonPath("details[0].message", containsString("conclave.rules.max-files")));
    }

    @Test
    void junkBodiesAndWrongContentTypesGetTheErrorShape() {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        // binary junk as a rule file: not UTF-8 text, refused before any parser reads it, with where it stops being text
        api().contentType(ContentType.TEXT).body(junk).when().post("/api/rules/validate?file=workflow/junk.drl")
                .then().statusCode(400).body(jsonPath("error", equalTo("malformed_text")))
                .body(jsonPath("message", containsString("byte ")));
        // junk as JSON
        api().contentType(ContentType.JSON).body("{\"files\": {\"workflow/x.drl\": ").when().post("/api/rules/validate")
                .then().statusCode(400).body(jsonPath("error", equalTo("malformed_json")));
        // well-formed JSON of the wrong shape is a problem of the request, named like the others
        api().contentType(ContentType.JSON).body("[1, 2]").when().post("/api/rules/validate")
                .then().statusCode(400).body(jsonPath("error", equalTo("invalid_request")))
                .body(jsonPath("details[0].path", equalTo("$")));
        // content types the endpoints do not take
        api().contentType(ContentType.XML).body("<rules/>").when().post("/api/rules/validate")
                .then().statusCode(415).body(jsonPath("error", equalTo("unsupported_media_type")))
                .body(jsonPath("message", notNullValue()));
        api().contentType(ContentType.JSON).body("{}").when().put("/api/rules/workflow/x.drl")
                .then().statusCode(415).body(jsonPath("error", equalTo("unsupported_media_type")));
        api().contentType(ContentType.BINARY).body(junk).when().put("/api/rules/workflow/x.drl")
                .then().statusCode(415).body(jsonPath("error", equalTo("unsupported_media_type")));
        // an empty rule file
        put("workflow/empty.drl", "").statusCode(422).body(jsonPath("details[0].file", equalTo("workflow/empty.drl")));
        assertNothingChanged("workflow/x.drl");
        assertNothingChanged("workflow/empty.drl");
    }

    /**
     * Eight different candidates at once: one compile runs at a time, so each is either compiled (200 or
     * 422) or answered 429 with Retry-After; none is a 500, none goes unanswered. The same candidate
     * eight times at once is compiled once and every request gets its answer.
     */
    @Test
    void parallelValidationsAreCompiledOneAtATime() throws Exception {
        List<CompletableFuture<Response>> different = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String drl = extraRule("Parallel " + i);
            different.add(CompletableFuture.supplyAsync(() -> validateRaw(drl, "workflow/parallel.drl")));
        }
        int busy = 0;
        for (CompletableFuture<Response> f : different) {
            Response r = f.get(120, TimeUnit.SECONDS);
            assertTrue(List.of(200, 429).contains(r.statusCode()), r.asString());
            if (r.statusCode() == 429) {
                busy++;
                assertEquals("compiler_busy", r.jsonPath().getString("error"));
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1, r.headers().toString());
            }
        }
        assertTrue(busy < 8, "at least one of them was compiled");
        String same = extraRule("Parallel, the same");
        List<CompletableFuture<Response>> identical = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            identical.add(CompletableFuture.supplyAsync(() -> validateRaw(same, "workflow/same.drl")));
        }
        String version = null;
        for (CompletableFuture<Response> f : identical) {
            Response r = f.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                version = version == null ? r.jsonPath().getString("version") : version;
                assertEquals(version, r.jsonPath().getString("version"));
            } else {
                assertEquals(429, r.statusCode(), r.asString());
            }
        }
        assertEquals(active, activeVersion());
    }

    /**
     * While a large candidate compiles (a few seconds), a second candidate is answered 429 at once, and
     * a project and a meeting are created and commanded: their answers come back while the compile is
     * still running, because commands never wait for a compile.
     */
    @Test
    void commandsAreAnsweredWhileAPolicyCompiles() throws Exception {
        String large = manyRules(400);
        CompletableFuture<Response> compiling = CompletableFuture.supplyAsync(() -> validateRaw(large, "workflow/large.drl"));
        // the first check waits 100 ms, which gives the large candidate's request the time to reach the compiler first: a
        // check sent at once could take the compiler itself and have the large one refused
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(50))
                .until(() -> compiling.isDone() || validateRaw(extraRule("Meanwhile"), "workflow/meanwhile.drl").statusCode() == 429);
        assertFalse(compiling.isDone(), "the large candidate compiled before the test could see it compiling");

        String id = uniqueId("meanwhile");
        create(twoAgentProject(id), id);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/complete").then().statusCode(200);
        String meeting = MeetingResourceTest.createMeeting("");
        MeetingResourceTest.join(meeting, "ann").statusCode(200);
        assertFalse(compiling.isDone(), "a command waited for the compile");

        Response r = compiling.get(120, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(active, activeVersion());
    }

    /** Each escape, validated and PUT: 422 naming file, line and name; nothing written, nothing run. */
    @Test
    void ruleFilesThatTryToEscapeTheAllowListAreRefused() throws Exception {
        Path marker = ApiSupport.freshFolder("escape-marker").resolve("ran");
        String m = marker.toString().replace("\\", "/");
        // what, consequence, the name refused, extra import
        List<String[]> escapes = List.of(
                new String[] {"Runtime.exec", "java.lang.Runtime.getRuntime().exec(new String[] {\"touch\", \"" + m + "\"});", "java.lang.Runtime", ""},
                new String[] {"ProcessBuilder", "new ProcessBuilder(\"touch\", \"" + m + "\").start();", "java.lang.ProcessBuilder", ""},
                new String[] {"java.io", "new java.io.FileWriter(\"" + m + "\").close();", "java.io.FileWriter", ""},
                new String[] {"java.nio", "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + m + "\"), \"x\");", "java.nio.file.Files", ""},
                new String[] {"a socket", "new java.net.Socket(\"localhost\", 9).close();", "java.net.Socket", ""},
                new String[] {"reflection", "Object o = $t.getClass().getClassLoader();", "getClass", ""},
                new String[] {"class loading", "Class.forName(\"java.lang.Runtime\");", "java.lang.Class", ""},
                new String[] {"System.exit", "System.exit(3);", "java.lang.System", ""},
                new String[] {"a thread", "new Thread(() -> { }).start();", "java.lang.Thread", ""},
                new String[] {"a name spelled with a unicode escape", "java.lang.R\\u0075ntime.getRuntime();", "unicode escape", ""});
        for (String[] e : escapes) {
            String drl = escape(e[1], e[3]);
            validate(drl, "workflow/escape.drl").statusCode(422)
                    .body(jsonPath("error", equalTo("invalid_policy")))
                    .body(jsonPath("details[0].file", equalTo("workflow/escape.drl")))
                    .body(jsonPath("details[0].line", equalTo(9)))
                    .body(jsonPath("details[0].message", containsString(e[2])));
            put("workflow/escape.drl", drl).statusCode(422).body(jsonPath("details[0].message", containsString(e[2])));
            assertNothingChanged("workflow/escape.drl");
        }
        // every escape fires on any task: a project with tasks makes sure none of them went live
        String id = uniqueId("escaped");
        create(twoAgentProject(id), id);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + id + "/tasks/t1/complete").then().statusCode(200);
        assertFalse(Files.exists(marker), "a refused rule ran");
    }

    /** A rule whose consequence is {@code body} (line 9) on every task. */
    public static String escape(String body, String imports) {
        return """
                package conclave.workflow;

                import io.conclave.model.*;
                %s
                rule "Escape on any task"
                when
                    $t : Task()
                then
                    %s
                end
                """.formatted(imports, body);
    }

    public static String extraRule(String name) {
        return "package conclave.workflow;\n\nimport io.conclave.model.*;\n\nrule \"" + name
                + "\"\nwhen\n    Task( requiredSkills.isEmpty() )\nthen\nend\n";
    }

    /** {@code n} rules of a few conditions each: a legal file that takes seconds to compile. */
    public static String manyRules(int n) {
        StringBuilder b = new StringBuilder("package conclave.workflow;\n\nimport io.conclave.model.*;\n\n");
        for (int i = 0; i < n; i++) {
            b.append("rule \"Large ").append(i).append("\"\nwhen\n    $t : Task( priority > ").append(i % 5)
                    .append(", taskId != \"t").append(i).append("\" )\n    $a : Agent( agentId != $t.getTaskId(), skill(\"s")
                    .append(i).append("\") > ").append(i % 7).append(" )\nthen\n    String s = $t.getTaskId() + \" \" + $a.getAgentId() + ")
                    .append(i).append(";\nend\n\n");
        }
        return b.toString();
    }

    private static io.restassured.response.ValidatableResponse validate(String drl, String file) {
        return validateRaw(drl, file).then();
    }

    private static Response validateRaw(String drl, String file) {
        return api().contentType(ContentType.TEXT).body(drl).when().post("/api/rules/validate?file=" + file);
    }

    private static io.restassured.response.ValidatableResponse put(String file, String drl) {
        return api().contentType(ContentType.TEXT).body(drl).when().put("/api/rules/" + file).then();
    }

    private void assertNothingChanged(String file) {
        assertEquals(active, activeVersion(), "the active policy changed");
        api().when().get("/api/rules/" + file).then().statusCode(404);
    }

    private static String activeVersion() {
        return api().when().get("/api/rules").then().statusCode(200).extract().path("active_version");
    }
}
