package io.conclave.engine.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

    @Test
    void withoutAMeterOnlySingleValuesAreBounded() {
        Budget.loop(); // no meter: nothing counts
        Budget.enter();
        Budget.exit();
        assertThrows(BudgetExceeded.class, () -> Bounded.repeat("x", 1_000_000_000));
    }
}
