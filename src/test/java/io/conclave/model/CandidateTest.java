package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The order of candidates: higher score, then fewer open hours, then agent id (plain JUnit, no engine). */
class CandidateTest {
    @Test
    void theHigherScoreGoesFirstWhateverTheOpenHoursAndId() {
        // 3.5 > 3.0: the score decides before the open hours (8 against 0) and the id ("z" after "a") are read.
        Candidate high = new Candidate("z", 3.5, 8);
        Candidate low = new Candidate("a", 3.0, 0);
        assertTrue(high.ranksAbove(low));
        assertFalse(low.ranksAbove(high));
    }

    @Test
    void onAnEqualScoreFewerOpenHoursGoFirstThenTheAgentId() {
        // Equal scores 2.0: 1 open hour before 4, whatever the ids ("b" after "a").
        assertTrue(new Candidate("b", 2.0, 1).ranksAbove(new Candidate("a", 2.0, 4)));
        // Equal scores and hours: "a" < "b" by text, so a goes first and b does not.
        assertTrue(new Candidate("a", 2.0, 1).ranksAbove(new Candidate("b", 2.0, 1)));
        assertFalse(new Candidate("b", 2.0, 1).ranksAbove(new Candidate("a", 2.0, 1)));
        // The same candidate does not rank above itself: the order is strict.
        assertFalse(new Candidate("a", 2.0, 1).ranksAbove(new Candidate("a", 2.0, 1)));
    }

    @Test
    void theStaticTestAgreesWithTheCandidateItWouldMake() {
        Candidate y = new Candidate("m", 1.0, 2);
        // score 1.0 = 1.0, hours 2 = 2, "l" < "m": above; "n" > "m": not above.
        assertTrue(Candidate.ranksAbove(1.0, 2, "l", y));
        assertFalse(Candidate.ranksAbove(1.0, 2, "n", y));
        // score -0.5 < 1.0: not above, though 0 hours < 2 and "a" < "m".
        assertFalse(Candidate.ranksAbove(-0.5, 0, "a", y));
    }

    @Test
    void bestFirstSortsByScoreThenHoursThenId() {
        List<Candidate> cs = new ArrayList<>(List.of(new Candidate("c", 1.0, 3), new Candidate("a", 2.0, 5),
                new Candidate("d", 1.0, 1), new Candidate("b", 1.0, 1)));
        cs.sort(Candidate.BEST_FIRST);
        // a (2.0) first; then the three at 1.0: b and d at 1 hour (b < d by id), then c at 3 hours.
        assertEquals(List.of("a", "b", "d", "c"), cs.stream().map(Candidate::agentId).toList());
        assertEquals(0, Candidate.BEST_FIRST.compare(new Candidate("a", 1, 1), new Candidate("a", 1, 1)));
    }
}
