package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Rule code that would never end, or would take the heap, uploaded over REST: every command that runs it is
 * stopped inside the rule code at its bound, answered 422 naming the rule or function and the bound within
 * the bound plus a second, and rolled back; no thread keeps spinning, and the project (and the others) keep
 * answering reads and commands. The bounds come from {@link Budgeted}: 1.5 s a command, 64 functions deep.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class)
public class RuleBudgetTest {
    public static final long BOUND_MILLIS = 1_500;

    /**
     * Its own copy of the shipped rules (not watched: PUT/DELETE activate by themselves); a command may run 1.5 s and
     * fire 5000 rules (for {@link RunawayRuleTest}), functions nest 64 deep; the limits checked before compiling are
     * raised out of the way, so that {@link CompilerCrashTest}'s files reach the compiler. One application serves
     * the five classes that name it (each test profile is an application built and started of its own): none leaves
     * a file of its own live, and the bounds do not meet (the runaway rule and PolicySwitchSafetyTest's loop reach
     * their 5000 firings in milliseconds, the bombs fire once each, the compiler's crashes are refused before anything
     * runs).
     */
    public static class Budgeted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ApiSupport.profile(Map.ofEntries(
                    Map.entry("conclave.rules-dir", ApiSupport.copyOfShippedRules("budget-rules").toString()),
                    Map.entry("conclave.data-dir", ApiSupport.freshFolder("budget-data").toString()),
                    Map.entry("conclave.watch-rules", "false"),
                    Map.entry("conclave.max-command-millis", Long.toString(BOUND_MILLIS)),
                    Map.entry("conclave.max-firings-per-command", "5000"),
                    Map.entry("conclave.rules.max-depth", "64"),
                    Map.entry("conclave.rules.max-file-bytes", "4000000"),
                    Map.entry("conclave.rules.max-total-bytes", "8000000"),
                    Map.entry("conclave.rules.max-name", "1000000"),
                    Map.entry("conclave.rules.max-literal", "1000000"),
                    Map.entry("conclave.rules.max-nesting", "1000000"),
                    Map.entry("conclave.rules.max-identifier", "1000000")));
        }
    }

    /*
     * Each bomb waits for its own task to be started (IN_PROGRESS), so the file goes live harmlessly (no
     * project has such a task in progress) and each command below sets off exactly one bomb.
     */
    public static final String BOMBS = """
            package conclave.workflow;

            import io.conclave.model.*;

            function long spin(long start) {
                long i = start;
                while (i >= 0) {
                    i = i + 1;
                }
                return i;
            }

            function int down(int n) {
                return down(n + 1) + 1;
            }

            function boolean swallowing(long start) {
                long i = start;
                while (i >= 0) {
                    try {
                        i = i + spin(i);
                    } catch (Throwable t) {
                        i = 1;
                    }
                }
                return true;
            }

            rule "Bomb: a loop in a function a consequence calls"
            when
                $t : Task( taskId == "loop", status == TaskStatus.IN_PROGRESS )
            then
                $t.setStatusReason("spun " + spin(1));
            end

            rule "Bomb: a loop in a function a condition calls"
            when
                Task( taskId == "cond", status == TaskStatus.IN_PROGRESS, spin(1) > 0 )
            then
            end

            rule "Bomb: a loop that catches what stops it"
            when
                Task( taskId == "catch", status == TaskStatus.IN_PROGRESS )
            then
                swallowing(1);
            end

            rule "Bomb: recursion without end"
            when
                Task( taskId == "deep", status == TaskStatus.IN_PROGRESS )
            then
                down(0);
            end

            rule "Bomb: a text of two billion characters"
            when
                Task( taskId == "text", status == TaskStatus.IN_PROGRESS )
            then
                String s = "x".repeat(2_000_000_000);
            end

            rule "Bomb: a power of ten with a billion digits"
            when
                Task( taskId == "number", status == TaskStatus.IN_PROGRESS )
            then
                java.math.BigInteger n = java.math.BigInteger.TEN.pow(1_000_000_000);
            end

            rule "Bomb: an array sized by the data"
            when
                $t : Task( taskId == "array", status == TaskStatus.IN_PROGRESS )
            then
                long[] a = new long[$t.getPriority() * 500_000_000];
            end
            """;

    /** A rule that deletes every meeting participant, which a command put in: no owner may take it. */
    public static final String DESTRUCTIVE = """
            package conclave.meetings;

            import io.conclave.model.meeting.*;

            rule "Throw every participant out"
            when
                $p : Participant( )
            then
                delete($p);
            end
            """;

    public static String project(String id) {
        ProjectJson p = ProjectJson.project(id).title("bombs")
                .agent(agent("alice").name("Alice").skill("x", 9).maxOpenTasks(10));
        for (String t : new String[] {"loop", "cond", "catch", "deep", "text", "number", "array"}) {
            p.task(task(t).hours(1).priority(3).needs("x", 5));
        }
        return p.json();
    }

    @org.junit.jupiter.api.BeforeEach
    void withoutBombs() {
        if (Files.exists(rulesDir().resolve("workflow/bombs.drl"))) {
            api().when().delete("/api/rules/workflow/bombs.drl").then().statusCode(200);
        }
    }

    @Test
    void everyBombIsStoppedAtItsBoundAndTheServiceGoesOn() throws Exception {
        String bombs = uniqueId("bombs");
        create(project(bombs), bombs);
        String bystander = uniqueId("bystander");
        create(ApiSupport.twoAgentProject(bystander), bystander);
        api().contentType(ContentType.TEXT).body(BOMBS).when().put("/api/rules/workflow/bombs.drl")
                .then().statusCode(200);
        // a first project on the new version, so the creation timed during the first bomb is not the first session
        // of its rules (their classes loaded, their code cold: over a second in the suite with a core spinning)
        String warm = uniqueId("warm");
        create(ApiSupport.twoAgentProject(warm), warm);

        expectStopped(bystander, bombs, "loop", "rule_timeout", "rule 'Bomb: a loop in a function a consequence calls'",
                "longer than the " + BOUND_MILLIS + " ms a command may");
        expectStopped(bystander, bombs, "cond", "rule_timeout", "function spin()", "longer than the " + BOUND_MILLIS + " ms a command may");
        expectStopped(bystander, bombs, "catch", "rule_timeout", "rule 'Bomb: a loop that catches what stops it'",
                "longer than the " + BOUND_MILLIS + " ms a command may");
        expectStopped(bystander, bombs, "deep", "rule_too_deep", "rule 'Bomb: recursion without end'", "more than 64 levels");
        expectStopped(bystander, bombs, "text", "rule_memory", "rule 'Bomb: a text of two billion characters'", "String.repeat");
        expectStopped(bystander, bombs, "number", "rule_memory", "rule 'Bomb: a power of ten with a billion digits'",
                "BigInteger.pow");
        expectStopped(bystander, bombs, "array", "rule_memory", "rule 'Bomb: an array sized by the data'", "an array of 1500000000");

        // the bombs' project takes commands as before: a task without a bomb starts
        api().when().delete("/api/rules/workflow/bombs.drl").then().statusCode(200);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + bombs + "/tasks/loop/start")
                .then().statusCode(200).body(jsonPath("status", equalTo("IN_PROGRESS")));
    }

    /**
     * Starts the task that sets off a bomb, reading another project and the same one meanwhile; the start is
     * answered 422 with {@code code}, within the bound plus a second, the task is as before, and afterwards no
     * thread of the service uses a core.
     */
    private static void expectStopped(String bystander, String project, String task, String code, String where,
                                      String bound) throws Exception {
        int decisions = api().when().get("/api/projects/" + project).then().statusCode(200).extract().path("decisions");
        long pausedBefore = pausedMillis();
        long start = System.nanoTime();
        CompletableFuture<Response> bomb = CompletableFuture.supplyAsync(() -> api().contentType(ContentType.JSON)
                .body("{\"agent_id\": \"alice\"}").when().post("/api/projects/" + project + "/tasks/" + task + "/start"));
        Thread.sleep(200);
        long other = System.nanoTime();
        api().when().get("/api/projects/" + bystander).then().statusCode(200);
        String another = uniqueId("during-" + task);
        create(ApiSupport.twoAgentProject(another), another);
        assertTrue(System.nanoTime() - other < 1_000_000_000L, "another project answers while a bomb runs");
        api().when().get("/api/projects/" + project).then().statusCode(200);
        Response answer = bomb.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        answer.then().statusCode(422)
                .body(jsonPath("error", equalTo(code)))
                .body(jsonPath("message", containsString(where)))
                .body(jsonPath("message", containsString(bound)))
                .body(jsonPath("message", containsString("Nothing of this command was kept")));
        // stopped inside the service within the bound plus a second (the message says when, as the service measured
        // it); the answer itself also waits for the roll-back and, in the suite, for unit tests sharing the two cores
        java.util.regex.Matcher ran = java.util.regex.Pattern.compile("ran for (\\d+) ms").matcher(answer.<String>path("message"));
        if (code.equals("rule_timeout")) {
            assertTrue(ran.find(), answer.<String>path("message"));
            long stoppedAt = Long.parseLong(ran.group(1));
            // a pause of the whole JVM (a collection that unit tests running beside this class set off) stops the
            // meter's clock reading too, so it is allowed for: it is not time the rule code ran unchecked
            long paused = pausedMillis() - pausedBefore;
            assertTrue(stoppedAt >= BOUND_MILLIS && stoppedAt < BOUND_MILLIS + 1_000 + paused,
                    task + ": stopped after " + stoppedAt + " ms (the JVM paused " + paused + " ms meanwhile)");
        }
        assertTrue(millis < BOUND_MILLIS + 5_000, task + ": answered after " + millis + " ms");
        api().when().get("/api/projects/" + project + "/tasks/" + task).then().statusCode(200)
                .body(jsonPath("status", equalTo("ASSIGNED")));
        api().when().get("/api/projects/" + project).then().body(jsonPath("decisions", equalTo(decisions)));
        assertNoThreadSpins();
    }

    /** Milliseconds the JVM's collectors have stopped the application for so far (concurrent cycles not counted). */
    private static long pausedMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Concurrent") && gc.getCollectionTime() > 0) {
                total += gc.getCollectionTime();
            }
        }
        return total;
    }

    /**
     * No thread that runs the service's commands (Quarkus' executor threads, where a bomb runs) uses more than a fifth
     * of a core over half a second. Unit test classes run beside this one on threads of their own, not counted.
     */
    public static void assertNoThreadSpins() throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith("executor-thread")) {
                before.put(id, threads.getThreadCpuTime(id));
            }
        }
        assertTrue(!before.isEmpty(), "the service's executor threads");
        Thread.sleep(500);
        for (long id : threads.getAllThreadIds()) {
            long now = threads.getThreadCpuTime(id);
            Long then = before.get(id);
            if (then != null && then >= 0 && now >= 0) {
                var info = threads.getThreadInfo(id);
                assertTrue(now - then < 100_000_000L, "thread " + (info == null ? id : info.getThreadName())
                        + " used " + (now - then) / 1_000_000 + " ms of CPU in 500 ms");
            }
        }
    }

    @Test
    void aPutWhoseTrialSetsOffABombIsRefusedAndLeavesTheFolderAsItWas() throws Exception {
        // a project whose 'loop' task is in progress: the bombs go off as soon as it moves to their policy
        String busy = uniqueId("busy");
        create(project(busy), busy);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"alice\"}")
                .when().post("/api/projects/" + busy + "/tasks/loop/start").then().statusCode(200);
        String active = api().when().get("/api/rules").then().extract().path("active_version");
        Map<String, String> folder = snapshot(rulesDir());

        long start = System.nanoTime();
        api().contentType(ContentType.TEXT).body(BOMBS).when().put("/api/rules/workflow/bombs.drl")
                .then().statusCode(422)
                .body(jsonPath("details.message", org.hamcrest.Matchers.hasItem(containsString(
                        "rule 'Bomb: a loop in a function a consequence calls' was stopped"))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "refused after " + millis + " ms");
        assertEquals(folder, snapshot(rulesDir()), "the rules folder is byte for byte as it was");
        api().when().get("/api/rules").then().body(jsonPath("active_version", equalTo(active)));
        api().when().get("/api/projects/" + busy).then().statusCode(200)
                .body(jsonPath("policy_version", equalTo(active)));
        assertNoThreadSpins();
    }

    @Test
    void refusedEditsOfEveryKindLeaveTheFolderAsItWas() throws Exception {
        // a meeting for the destructive rule to harm: the trial moves it to the edited policy first
        String meeting = uniqueId("mtg");
        api().contentType(ContentType.JSON).body("""
                { "meeting_id": "%s", "topic": "Plan", "creator": "ann", "participants": ["ann", "bob"] }"""
                .formatted(meeting)).when().post("/api/meetings").then().statusCode(201);
        String active = api().when().get("/api/rules").then().extract().path("active_version");
        Map<String, String> folder = snapshot(rulesDir());

        api().contentType(ContentType.TEXT).body(DESTRUCTIVE).when().put("/api/rules/meetings/purge.drl")
                .then().statusCode(422)
                .body(jsonPath("message", containsString("an owner could not take it")))
                .body(jsonPath("message", containsString("the running policy " + active + " stays active")))
                .body(jsonPath("details.message",
                        org.hamcrest.Matchers.hasItem(containsString("Throw every participant out"))));
        assertEquals(folder, snapshot(rulesDir()), "after a destructive rule");

        api().contentType(ContentType.TEXT).body("package conclave.workflow;\n\nrule \"x\" when then (\n")
                .when().put("/api/rules/workflow/broken.drl")
                .then().statusCode(422).body(jsonPath("message", containsString("does not compile")));
        assertEquals(folder, snapshot(rulesDir()), "after a file that does not compile");

        // without the vote count's function the consensus rules that call it do not compile (a file of one chapter:
        // a file of common/ would have every chapter compiled again, ~10 s here, for the same refusal)
        api().when().delete("/api/rules/meetings/meetings_votes.drl").then().statusCode(422)
                .body(jsonPath("message", containsString("does not compile")));
        assertEquals(folder, snapshot(rulesDir()), "after a refused deletion");

        api().when().get("/api/rules").then().body(jsonPath("active_version", equalTo(active)))
                .body(jsonPath("folder.status", equalTo("active")));
        api().when().get("/api/meetings/" + meeting).then().statusCode(200).body(containsString("bob"));
    }

    /** The service's rules folder (the profile's copy of the shipped rules). */
    public static Path rulesDir() {
        return Path.of(api().when().get("/api/rules").then().extract().<String>path("rules_dir"));
    }

    /** Every file of a folder by its relative name, with its content. */
    public static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
