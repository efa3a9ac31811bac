package io.conclave.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.conclave.engine.MeetingStoreTest;
import io.conclave.engine.owner.JournaledRuntime;

/**
 * The warm-up a node runs before it joins the nodes' group, on the shipped policy: its throwaway project is given
 * commands and rebuilt from its journal, round after round, so a takeover's replays run on code the JIT compiled.
 */
class RulesWarmUpTest {
    private static final JournaledRuntime.Setting SHIPPED = new JournaledRuntime.Setting(MeetingStoreTest.shipped(),
            100_000, Clock.systemUTC(), e -> { });

    /**
     * Expected by hand: the creation and 6 rounds of 10 status interrupts (61 commands), the project rebuilt from its
     * journal once a round (6 rebuilds). An interrupt the rules refused, or a rebuild that failed, stops the warm-up
     * and changes the line ("warm-up stopped after N commands").
     */
    @Test
    void theWarmUpRunsEveryRoundAndRebuildsItsProjectEachTime() {
        String did = RulesWarmUp.run(SHIPPED, Duration.ofMinutes(2));
        assertTrue(did.matches("warmed up in \\d+ ms: 61 commands, 6 rebuilds"), did);
    }

    @Test
    void noBudgetNoWarmUp() {
        assertEquals("no warm-up (conclave.cluster.warm-up is 0)", RulesWarmUp.run(SHIPPED, Duration.ZERO));
    }
}
