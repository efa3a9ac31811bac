package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.engine.RulesFixture;
import io.conclave.engine.rollout.CanaryJudge;
import io.conclave.model.rollout.CanaryGuards;
import io.conclave.model.rollout.CanaryProject;
import io.conclave.model.rollout.GuardClock;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.rollout.Verdict;

/**
 * Tier 1 for rules/rollouts/: the guards of a canary roll-out on the shipped policy, one behaviour a test. The
 * roll-out tries version "c0ffee" while the others run "beef"; it started at 09:00 with a window of an hour, so it
 * may be promoted from 10:00 (START + HOUR) on. Each expected verdict is worked out from the facts given.
 */
class RolloutGuardRulesTest {
    private static final long START = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final long DURING = START + 10 * 60_000;

    private static CanaryGuards guards(Integer unassignable, Integer refused, Integer differing, Integer failed) {
        return new CanaryGuards("rollout-1", "c0ffee", "beef",
                new RolloutRequest.Guards(unassignable, refused, differing, failed), START + HOUR);
    }

    /** A canary project: UNASSIGNABLE tasks before and now, refused commands, differing decisions, failed runs before and now. */
    private static CanaryProject project(String id, int unassignableBefore, int unassignableNow, int refused,
                                         int differing, int failedBefore, int failedNow) {
        return new CanaryProject("rollout-1", id, unassignableBefore, unassignableNow, refused, differing, failedBefore,
                failedNow);
    }

    private static CanaryJudge.Judgement judge(CanaryGuards g, long at, CanaryProject... projects) {
        return CanaryJudge.judge(RulesFixture.policy(), g, new GuardClock(at), List.of(projects), 10_000);
    }

    @Test
    void moreUnassignableTasksThanWhenItJoinedTripsTheCanary() {
        // 2 now, 1 when it joined: 1 more, and the default budget allows none
        CanaryProject p = project("p1", 1, 2, 0, -1, 0, 0);
        CanaryJudge.Judgement j = judge(guards(null, null, null, null), DURING, p);
        assertTrue(j.tripped());
        Verdict v = j.trips().get(0);
        assertEquals(List.of("TRIPPED", "p1", "unassignable_tasks", 1, 0), List.of(v.kind(), v.projectId(), v.guard(),
                v.observed(), v.allowed()));
        assertEquals("project p1 has 2 UNASSIGNABLE task(s), 1 when it joined: 1 more, 0 allowed", v.reason());
        assertEquals("A canary trips when a project has more UNASSIGNABLE tasks than when it joined", v.rule());
        assertEquals(RulesFixture.policy().version(), v.policyVersion());
        assertEquals(List.of(guards(null, null, null, null).describe(), p.describe()), v.matchedFacts());
        assertNull(j.health(), "a tripped roll-out is neither healthy nor promotable");
    }

    @Test
    void unassignableTasksWithinTheBudgetOrAsManyAsBeforeDoNotTrip() {
        // 1 more with a budget of 1; and 2 when it joined, 2 now (the version made none of them)
        assertFalse(judge(guards(1, null, null, null), DURING, project("p1", 1, 2, 0, -1, 0, 0)).tripped());
        CanaryJudge.Judgement same = judge(guards(null, null, null, null), DURING, project("p1", 2, 2, 0, -1, 0, 0));
        assertFalse(same.tripped());
        assertEquals("HEALTHY", same.health().kind());
        assertEquals("no guard tripped on 1 canary project(s); the window ends at 2026-01-05T10:00:00Z",
                same.health().reason());
        assertEquals("A canary that no guard tripped stays on trial while its window runs", same.health().rule());
    }

    @Test
    void refusedCommandsBeyondTheBudgetTripTheCanary() {
        // 3 refused, 2 allowed
        CanaryJudge.Judgement j = judge(guards(null, 2, null, null), DURING, project("p1", 0, 0, 3, -1, 0, 0));
        Verdict v = j.trips().get(0);
        assertEquals(List.of("refused_commands", 3, 2), List.of(v.guard(), v.observed(), v.allowed()));
        assertEquals("project p1 had 3 command(s) refused since it joined, 2 allowed", v.reason());
        assertEquals("A canary trips when a project has more commands refused than the budget allows", v.rule());
        assertFalse(judge(guards(null, 3, null, null), DURING, project("p1", 0, 0, 3, -1, 0, 0)).tripped());
    }

    @Test
    void differingDecisionsAreJudgedOnlyWhenTheRollOutGivesABudget() {
        CanaryProject p = project("p1", 0, 0, 0, 5, 0, 0);
        assertFalse(judge(guards(null, null, null, null), DURING, p).tripped(), "not guarded: 5 differ, nothing said");
        Verdict v = judge(guards(null, null, 4, null), DURING, p).trips().get(0);
        assertEquals(List.of("differing_decisions", 5, 4), List.of(v.guard(), v.observed(), v.allowed()));
        assertEquals("project p1 made 5 decision(s) that policy beef would not have made on the same history, 4 allowed",
                v.reason());
        assertFalse(judge(guards(null, null, 5, null), DURING, p).tripped(), "5 of a budget of 5");
    }

    @Test
    void aRunThatFailsTripsTheCanary() {
        // one run had failed before it joined, two have now: one failed under the version
        Verdict v = judge(guards(null, null, null, null), DURING, project("p1", 0, 0, 0, -1, 1, 2)).trips().get(0);
        assertEquals(List.of("failed_runs", 1, 0), List.of(v.guard(), v.observed(), v.allowed()));
        assertEquals("project p1 had 1 run(s) fail since it joined, 0 allowed", v.reason());
        assertEquals("A canary trips when a run of a project fails", v.rule());
        assertFalse(judge(guards(null, null, null, null), DURING, project("p1", 0, 0, 0, -1, 1, 1)).tripped());
    }

    @Test
    void aCanaryThatStayedHealthyForItsWindowMayBePromoted() {
        // 10:00 is the end of the window: from then on
        CanaryJudge.Judgement j = judge(guards(null, null, null, null), START + HOUR, project("p1", 0, 0, 0, -1, 0, 0),
                project("p2", 0, 0, 0, -1, 0, 0));
        assertTrue(j.promotable());
        assertEquals("no guard tripped on 2 canary project(s) and the window ended at 2026-01-05T10:00:00Z: it may be "
                + "promoted", j.health().reason());
        assertEquals("A canary that no guard tripped for its whole window may be promoted", j.health().rule());
        assertFalse(judge(guards(null, null, null, null), START + HOUR - 1, project("p1", 0, 0, 0, -1, 0, 0))
                .promotable(), "a millisecond before the end");
    }

    @Test
    void everyTrippedGuardIsListedByProjectThenGuardAndNoneIsPromotable() {
        // p2 has one more UNASSIGNABLE task and a refused command; p1 is fine; the window is over
        CanaryJudge.Judgement j = judge(guards(null, null, null, null), START + 2 * HOUR,
                project("p2", 0, 1, 1, -1, 0, 0), project("p1", 0, 0, 0, -1, 0, 0));
        assertEquals(List.of("p2 refused_commands", "p2 unassignable_tasks"),
                j.trips().stream().map(v -> v.projectId() + " " + v.guard()).toList());
        assertFalse(j.promotable());
        assertNull(j.health());
    }
}
