package io.conclave;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.pollinterval.IterativePollInterval;

/**
 * How the tests' waits poll (Awaitility's defaults, for every {@code await()} that does not set its own): the first
 * check at once, the next ones 10, 20, 40, 80 ms apart, then every 100 ms. Awaitility's own defaults check first after
 * 100 ms and then every 100 ms, so a wait whose condition already held, or held a few milliseconds later, took 100-200
 * ms; most of the suite's waits are on the lane of the Quarkus tests, one after another.
 *
 * <p>Set for the plain classes and in each test application ({@link EveryTestClass}).
 */
public class TestWaits extends EveryTestClass {
    static final Duration FIRST = Duration.ofMillis(10);
    static final Duration STEADY = Duration.ofMillis(100);

    @Override
    protected void install() {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(IterativePollInterval.iterative(
                d -> d.multipliedBy(2).compareTo(STEADY) < 0 ? d.multipliedBy(2) : STEADY, FIRST));
    }
}
