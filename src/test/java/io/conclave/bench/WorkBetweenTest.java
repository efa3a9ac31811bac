package io.conclave.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The conversation benchmark's work between decisions: what it accepts, and where the other thread's decisions run. */
class WorkBetweenTest {
    @Test
    void onlyTheThreeKindsWithinTheirBoundsAreAccepted() {
        for (String bad : List.of("evict", "evict-0", "evict-1025", "evict-x", "park-0", "park-", "spin-20",
                "other-threads")) {
            assertThrows(IllegalArgumentException.class, () -> WorkBetween.parse(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> WorkBetween.check(bad), bad);
        }
        try (WorkBetween w = WorkBetween.parse("evict-1")) {
            assertEquals("1 MiB read and written between decisions", w.describe());
            w.before();
        }
        try (WorkBetween w = WorkBetween.parse("park-5")) {
            assertEquals("the thread asleep 5 us between decisions", w.describe());
        }
    }

    @Test
    void theOtherThreadMakesEveryOtherDecisionAndItsFailureReachesTheCaller() {
        List<Thread> ran = new ArrayList<>();
        try (WorkBetween w = WorkBetween.parse("other-thread")) {
            for (int n = 0; n < 4; n++) {
                w.decide(n, () -> ran.add(Thread.currentThread()));
            }
            // 0 and 2 here, 1 and 3 on the one other thread (the hand-over orders the list's writes)
            assertSame(Thread.currentThread(), ran.get(0));
            assertSame(Thread.currentThread(), ran.get(2));
            assertNotEquals(Thread.currentThread(), ran.get(1));
            assertSame(ran.get(1), ran.get(3));
            IllegalStateException thrown = new IllegalStateException("refused");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> w.decide(5, () -> {
                throw thrown;
            })));
            w.decide(7, () -> ran.add(Thread.currentThread())); // the thread still serves after a failure
            assertSame(ran.get(1), ran.get(4));
        }
    }
}
