package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.engine.policy.PolicyHost;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Readers during activations never see a version mix: whenever GET /api/rules names the same active version
 * before and after a read of a project, the project runs that version. Each activation brings a version of a rule
 * that takes a while on every project it moves (a loop in its consequence), so each trial lasts long enough for
 * readers to look in the middle of it: before the fix about half the samples taken during a trial saw the first
 * project on the new version while the rules still named the old one. No version comes back (a version is named by
 * its files' content): with A, B, A a read of the project that waited out two activations saw B between two reads
 * of the rules that both said A, a true sequence the check took for a mix (2 of 30 samples in one run).
 * A read waits for a trial at most {@link PolicyHost#VISIBILITY_WAIT_MILLIS} and then reads as things are (a read
 * whose thread holds an owner the trial waits for must not wait for it), so a project read that took that long may
 * see the trial's version: on a loaded machine a trial of six slow projects took longer (3 of 46 samples). Such a
 * sample is counted apart, not checked.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class) // its own rules folder, not watched; one application for four classes
// first of them (io.conclave.SuiteOrder): its slow rule runs on every project with a task t1, so each project another
// class left behind lengthens the activations, and readers blocked behind them begin fewer samples inside them
// (9-10 with the runaway rule's two projects there first, against the 10 asserted; 12-17 with none)
@org.junit.jupiter.api.Order(1)
public class ActivationVisibilityTest {

    public static String slowRule(String variant) {
        return """
                package conclave.workflow;

                import io.conclave.model.*;

                rule "Take a while over the first task (%s)"
                when
                    Task( taskId == "t1" )
                then
                    long x = 0;
                    for (int i = 0; i < 30_000_000; i++) {
                        x += i %% 7;
                    }
                end
                """.formatted(variant);
    }

    @Test
    void noReadSeesAProjectOnAVersionTheRulesDoNotNameActive() throws Exception {
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = uniqueId("visible");
            create(ApiSupport.twoAgentProject(id), id);
            projects.add(id);
        }
        String watched = projects.get(0);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger agreeing = new AtomicInteger();
        AtomicBoolean activating = new AtomicBoolean();
        AtomicInteger duringActivations = new AtomicInteger();
        AtomicInteger unchecked = new AtomicInteger();
        ConcurrentLinkedQueue<String> mixes = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        try {
            // the first version goes live before the readers start: it pays for the application's first compile
            // (its compiler cold: seconds), which the readers, polling as fast as the service answers, would only
            // slow down. They then watch four activations, each a trial and a move of every project: B, C, D, E.
            api().contentType(ContentType.TEXT).body(slowRule("A"))
                    .when().put("/api/rules/workflow/slow.drl").then().statusCode(200);
            for (int r = 0; r < 3; r++) {
                Thread t = new Thread(() -> {
                    while (!done.get()) {
                        boolean during = activating.get();
                        String before = field("/api/rules", "active_version");
                        long asked = System.nanoTime();
                        String project = field("/api/projects/" + watched, "policy_version");
                        boolean waitedOut = System.nanoTime() - asked >= PolicyHost.VISIBILITY_WAIT_MILLIS * 1_000_000;
                        String after = field("/api/rules", "active_version");
                        if (waitedOut) {
                            unchecked.incrementAndGet();
                        } else if (before.equals(after)) {
                            agreeing.incrementAndGet();
                            if (during) {
                                duringActivations.incrementAndGet();
                            }
                            if (!project.equals(before)) {
                                mixes.add("rules " + before + ", project " + project);
                            }
                        }
                    }
                });
                t.start();
                readers.add(t);
            }
            long warm = System.nanoTime() + 30_000_000_000L;
            while (agreeing.get() < 10 && System.nanoTime() < warm) { // the readers under way
                Thread.sleep(20);
            }
            activating.set(true);
            for (String variant : List.of("B", "C", "D", "E")) {
                api().contentType(ContentType.TEXT).body(slowRule(variant))
                        .when().put("/api/rules/workflow/slow.drl").then().statusCode(200);
            }
            activating.set(false);
        } finally {
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            api().when().delete("/api/rules/workflow/slow.drl").then().statusCode(200);
        }
        System.out.println("activation visibility: " + agreeing.get() + " samples, " + duringActivations.get()
                + " of them begun during the four activations; " + unchecked.get() + " whose project read waited out "
                + "the bound, not checked");
        assertTrue(agreeing.get() > 20, "samples: " + agreeing.get());
        assertTrue(duringActivations.get() >= 10, "samples begun during the activations: " + duringActivations.get());
        assertEquals(List.of(), List.copyOf(mixes).subList(0, Math.min(5, mixes.size())),
                mixes.size() + " of " + agreeing.get() + " samples saw a mix");
    }

    /**
     * One field of a GET's JSON answer, read with Jackson: a JSON path of REST Assured compiles a Groovy script
     * for every read (milliseconds), and the readers must sample often enough to look inside each activation.
     */
    private static String field(String path, String name) {
        try {
            return io.conclave.model.Json.MAPPER.readTree(api().when().get(path).then().statusCode(200).extract().asString())
                    .path(name).asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
