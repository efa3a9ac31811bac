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

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Readers during activations never see a version mix: whenever GET /api/rules names the same active version
 * before and after a read of a project, the project runs that version. The activations alternate between two
 * versions of a rule that takes a while on every project it moves (a loop in its consequence), so each trial
 * lasts long enough for readers to look in the middle of it: before the fix about half the samples taken
 * during a trial saw the first project on the new version while the rules still named the old one.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(RuleBudgetTest.Budgeted.class) // its own rules folder, not watched; one application for both classes
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
        ConcurrentLinkedQueue<String> mixes = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                while (!done.get()) {
                    String before = api().when().get("/api/rules").then().extract().path("active_version");
                    String project = api().when().get("/api/projects/" + watched).then().extract().path("policy_version");
                    String after = api().when().get("/api/rules").then().extract().path("active_version");
                    if (before.equals(after)) {
                        agreeing.incrementAndGet();
                        if (!project.equals(before)) {
                            mixes.add("rules " + before + ", project " + project);
                        }
                    }
                }
            });
            t.start();
            readers.add(t);
        }
        try {
            for (int a = 0; a < 4; a++) {
                api().contentType(ContentType.TEXT).body(slowRule(a % 2 == 0 ? "A" : "B"))
                        .when().put("/api/rules/workflow/slow.drl").then().statusCode(200);
            }
        } finally {
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            api().when().delete("/api/rules/workflow/slow.drl").then().statusCode(200);
        }
        assertTrue(agreeing.get() > 20, "samples: " + agreeing.get());
        assertEquals(List.of(), List.copyOf(mixes).subList(0, Math.min(5, mixes.size())),
                mixes.size() + " of " + agreeing.get() + " samples saw a mix");
    }
}
