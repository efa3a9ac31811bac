package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.conclave.model.wording.BidLines;

/**
 * The award's bid lines, filled by the policy and worded on the first read (the rules' own tests check the lines
 * of real awards; this one checks the list itself).
 */
class BidLinesTest {

    @Test
    void eachOutcomeIsWordedFromTheFiguresGiven() {
        // The winner weighed 30.0. A lost bid of 35.0 says both; one that weighed 30.0 too lost a tie; a bidder
        // at capacity says its open and allowed tasks; a decline has no figures.
        BidLines lines = new BidLines(2, 30.0); // fewer than given: the list grows
        lines.bid("ann", 25.0, 0.5, 1, 4, 5.0, 30.0, BidLines.WON);
        lines.bid("bob", 25.0, null, 2, 4, 10.0, 35.0, BidLines.LOST);
        lines.bid("cid", 20.0, null, 2, 4, 10.0, 30.0, BidLines.LOST);
        lines.bid("dan", 5.0, null, 4, 4, 20.0, 25.0, BidLines.AT_CAPACITY);
        lines.decline("eve");

        assertEquals(List.of(
                Map.of("agent_id", "ann", "cost", 25.0, "confidence", 0.5, "open_tasks", 1, "load_added", 5.0,
                        "weighed_cost", 30.0, "outcome", "won"),
                Map.of("agent_id", "bob", "cost", 25.0, "open_tasks", 2, "load_added", 10.0, "weighed_cost", 35.0,
                        "outcome", "lost: weighed cost 35.0 against 30.0"),
                Map.of("agent_id", "cid", "cost", 20.0, "open_tasks", 2, "load_added", 10.0, "weighed_cost", 30.0,
                        "outcome", "lost: weighed cost 30.0 against 30.0 (a tie, broken by load, confidence, then id)"),
                Map.of("agent_id", "dan", "cost", 5.0, "open_tasks", 4, "load_added", 20.0, "weighed_cost", 25.0,
                        "outcome", "at capacity (4/4 open tasks)"),
                Map.of("agent_id", "eve", "decline", true)), lines);
        assertEquals(List.of("agent_id", "cost", "load_added", "open_tasks", "outcome", "weighed_cost"),
                List.copyOf(lines.get(1).keySet()), "keys in the ledger's order");
    }

    @Test
    void wordedOnceAndNeverFilledAfterwards() {
        BidLines lines = new BidLines(1, 10.0);
        lines.bid("ann", 10.0, null, 0, 2, 0.0, 10.0, BidLines.WON);
        assertEquals(1, lines.size()); // the size needs no wording
        Map<String, Object> first = lines.get(0);
        assertSame(first, lines.get(0));
        assertThrows(IllegalStateException.class, () -> lines.decline("bob"));
        assertThrows(UnsupportedOperationException.class, () -> lines.get(0).put("cost", 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BidLines(1, 0).bid("x", 1.0, null, 0, 1, 0, 1, 7));
    }
}
