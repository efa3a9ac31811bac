package io.conclave.model.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The responses of a round that take a stance on one claim, in the order given (plain JUnit). */
class RoundStancesTest {
    @Test
    void stancesOnAClaimInTheOrderAnswered() {
        Round round = new Round(1, 10L, List.of("ana", "bo", "cy", "dan"));
        Round.Response ana = new Round.Response("ana", 2, 11L, new Stance("ship", Stance.SUPPORT));
        Round.Response bo = new Round.Response("bo", 5, 12L, null);
        Round.Response cy = new Round.Response("cy", 4, 13L, new Stance("wait", Stance.OPPOSE));
        Round.Response dan = new Round.Response("dan", 1, 14L, new Stance("ship", Stance.OPPOSE));
        round.respond(ana);
        round.respond(bo);
        round.respond(cy);
        round.respond(dan);
        // "ship": ana and dan, as answered (bo took no stance, cy's is on "wait").
        assertEquals(List.of(ana, dan), round.stancesOn("ship"));
        assertEquals(List.of(cy), round.stancesOn("wait"));
        assertEquals(List.of(), round.stancesOn("other"));
    }
}
