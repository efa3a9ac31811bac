package io.conclave.engine.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The meter and the bounded calls on their own, as the hooks of instrumented rule code call them (no rule
 * engine): each bound stops at the call that passes it, and a stop stays.
 */
public class BudgetTest {
    private static final Limits SMALL = new Limits(50, 8, 64L << 20, 1L << 20, 1_000_000);

    @Test
    void aLoopIsStoppedSoonAfterItsTime() {
        long start = System.nanoTime();
        try (Budget.Scope s = Budget.arm(SMALL)) {
            BudgetExceeded stop = assertThrows(BudgetExceeded.class, () -> {
                while (true) {
                    Budget.loop();
                }
            });
            assertEquals(BudgetExceeded.Limit.TIME, stop.limit());
            assertSame(stop, s.meter().stopped());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 50 && millis < 1_000, "stopped after " + millis + " ms");
    }

    @Test
    void theNinthLevelOfEightIsRefusedAndExitsBalanceEntries() {
        try (Budget.Scope s = Budget.arm(SMALL)) {
            for (int i = 0; i < 8; i++) {
                Budget.enter();
            }
            for (int i = 0; i < 8; i++) {
                Budget.exit();
            }
            for (int i = 0; i < 8; i++) {
                Budget.enter(); // back at 8 levels: still allowed, since every exit gave one back
            }
            BudgetExceeded stop = assertThrows(BudgetExceeded.class, Budget::enter);
            assertEquals(BudgetExceeded.Limit.DEPTH, stop.limit());
            assertEquals(8, s.meter().deepest());
        }
    }

    @Test
    void aStopCannotBeSwallowed() {
        try (Budget.Scope s = Budget.arm(SMALL)) {
            assertThrows(BudgetExceeded.class, () -> Bounded.repeat("x", 1 << 20)); // 2 MiB of text, one value 1 MiB
            // whatever a handler caught, the stop is thrown again at it, and at the next loop turn
            assertThrows(BudgetExceeded.class, () -> Budget.caught(new IllegalStateException("other")));
            assertThrows(BudgetExceeded.class, () -> {
                for (int i = 0; i <= Budget.CHECK_EVERY; i++) {
                    Budget.loop(); // the meter is looked at every CHECK_EVERY turns
                }
            });
        }
    }

    @Test
    void costlyCallsAreRefusedBeforeTheyAllocate() {
        try (Budget.Scope s = Budget.arm(SMALL)) {
            assertEquals(BudgetExceeded.Limit.MEMORY,
                    assertThrows(BudgetExceeded.class, () -> Bounded.pow(BigInteger.TEN, 1_000_000_000)).limit());
        }
        try (Budget.Scope s = Budget.arm(SMALL)) {
            // 100,000 references of 8 bytes: 800 KB, within the 1 MiB a value may take
            assertEquals(100_000, Bounded.nCopies(100_000, "x").size());
            assertThrows(BudgetExceeded.class, () -> Bounded.nCopies(200_000, "x")); // 1.6 MB
        }
        try (Budget.Scope s = Budget.arm(SMALL)) {
            // 2,000 x 2,000 = 4 million element visits, more than the million one call may make
            List<Integer> a = new ArrayList<>(Collections.nCopies(2_000, 1));
            List<Integer> b = new ArrayList<>(Collections.nCopies(2_000, 2));
            assertEquals(BudgetExceeded.Limit.TIME, assertThrows(BudgetExceeded.class, () -> Bounded.removeAll(a, b)).limit());
            assertEquals(2_000, a.size());
        }
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsStoppedLikeALoop() {
        // (.*a){20} over 30 a's and a '!' tries every way of cutting the a's into 20 pieces before it fails: some
        // 10^8 character reads at 25 a's (0.7 s here), far more at 30
        String input = "a".repeat(30) + "!";
        try (Budget.Scope s = Budget.arm(SMALL)) {
            assertEquals(BudgetExceeded.Limit.TIME,
                    assertThrows(BudgetExceeded.class, () -> Bounded.matches(input, "(.*a){20}")).limit());
        }
        assertTrue(Bounded.split("a,b,c", ",").length == 3);
    }

    /**
     * The command lane's threads carry their meter and their loop count themselves instead of a thread-local: the
     * same bounds hold there, an inner meter gives way to the outer one when closed, and a meter armed on such a thread
     * is not seen by another thread (here, the test's own, which has none).
     */
    @Test
    void aMeteredThreadCarriesItsOwnMeter() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1, MeteredThread::new, null, true);
        try {
            Meter[] seenByTheTest = new Meter[1];
            BudgetExceeded[] stops = pool.submit(() -> {
                assertTrue(Thread.currentThread() instanceof MeteredThread);
                assertNull(Budget.current());
                try (Budget.Scope outer = Budget.arm(SMALL)) {
                    assertSame(outer.meter(), Budget.current());
                    Thread other = new Thread(() -> seenByTheTest[0] = Budget.current());
                    other.start();
                    other.join();
                    BudgetExceeded depth;
                    try (Budget.Scope inner = Budget.arm(SMALL)) {
                        assertSame(inner.meter(), Budget.current());
                        for (int i = 0; i < 8; i++) {
                            Budget.enter();
                        }
                        depth = assertThrows(BudgetExceeded.class, Budget::enter);
                        assertEquals(8, inner.meter().deepest());
                    }
                    assertSame(outer.meter(), Budget.current());
                    assertEquals(0, outer.meter().deepest()); // the inner meter took the depth
                    BudgetExceeded time = assertThrows(BudgetExceeded.class, () -> {
                        while (true) {
                            Budget.loop();
                        }
                    });
                    assertSame(time, outer.meter().stopped());
                    return new BudgetExceeded[] {depth, time};
                } finally {
                    assertNull(Budget.current());
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals(BudgetExceeded.Limit.DEPTH, stops[0].limit());
            assertEquals(BudgetExceeded.Limit.TIME, stops[1].limit());
            assertNull(seenByTheTest[0]);
            assertNull(Budget.current());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAMeterOnlySingleValuesAreBounded() {
        Budget.loop(); // no meter: nothing counts
        Budget.enter();
        Budget.exit();
        assertThrows(BudgetExceeded.class, () -> Bounded.repeat("x", 1_000_000_000));
    }
}
