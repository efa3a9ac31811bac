package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of a ranking, apart from the policy that feeds it: the best {@code keep} candidates in
 * candidate order, the first rejected agents kept in the order given, their reasons (plain JUnit, no engine).
 */
class RankingTest {
    private static final Task TASK = new Task("t1", "a task", null, 2, 3, false, List.of(), Map.of(), List.of(),
            List.of(), "dev", 0, true, Task.Traits.plain(1));

    private static Agent agent(String id, double openHours, int openTasks, int maxOpenTasks) {
        Agent a = new Agent(id, id, "dev", 0, Map.of(), Map.of(), maxOpenTasks, null, List.of(), 1);
        a.setOpenHours(openHours);
        a.setOpenTasks(openTasks);
        return a;
    }

    /**
     * The order the ranking is handed, written here as the shipped policy writes it (scoresAbove in
     * rules/common/scoring.drl): higher score, then fewer open hours, then agent id. The ranking only keeps to it.
     */
    private static final Ranking.Before ORDER = (score, hours, id, y) -> score != y.score() ? score > y.score()
            : hours != y.openHours() ? hours < y.openHours() : id.compareTo(y.agentId()) < 0;
    private static final java.util.Comparator<Candidate> BEST_FIRST = (x, y) ->
            ORDER.test(x.score(), x.openHours(), x.agentId(), y) ? -1
                    : ORDER.test(y.score(), y.openHours(), y.agentId(), x) ? 1 : 0;

    private static List<String> ids(List<Candidate> cs) {
        return cs.stream().map(Candidate::agentId).toList();
    }

    @Test
    void offerKeepsTheBestKInOrder() {
        Ranking r = new Ranking(TASK, 10);
        // keep 2. a 1.0 enters: [a]. b 3.0 enters before a: [b, a]. c 2.0 enters between: [b, c, a], a leaves: [b, c].
        assertTrue(r.offer(agent("a", 0, 0, 5), 1.0, 2, ORDER));
        assertTrue(r.offer(agent("b", 0, 0, 5), 3.0, 2, ORDER));
        assertTrue(r.offer(agent("c", 0, 0, 5), 2.0, 2, ORDER));
        assertEquals(List.of("b", "c"), ids(r.getCandidates()));
        // d 2.0 ties c on the score but has more open hours (1 > 0): it does not beat the last kept, not made.
        assertFalse(r.offer(agent("d", 1, 0, 5), 2.0, 2, ORDER));
        // e 2.0 with 0 hours ties c on both; "e" > "c" by id: not kept either.
        assertFalse(r.offer(agent("e", 0, 0, 5), 2.0, 2, ORDER));
        // "a0" 2.0 with 0 hours ties c on both and "a0" < "c": it takes c's place, c leaves: [b, a0].
        assertTrue(r.offer(agent("a0", 0, 0, 5), 2.0, 2, ORDER));
        assertEquals(List.of("b", "a0"), ids(r.getCandidates()));
        assertEquals("b", r.getBestAgentId());
        assertEquals(List.of("a0"), ids(r.getRunnersUp()));
    }

    @Test
    void theKeptCandidatesCarryTheScoreAndTheAgentsOpenHours() {
        Ranking r = new Ranking(TASK, 10);
        r.offer(agent("a", 6.5, 1, 5), 4.25, 4, ORDER);
        assertEquals(List.of(new Candidate("a", 4.25, 6.5)), r.getCandidates());
    }

    @Test
    void offerMatchesASortOfEveryOfferCutToK() {
        // Nine agents, scores and hours with ties: the kept list must equal all nine sorted best first, cut to 4.
        double[] scores = {1, 3, 3, 2, 3, 0, 2, 3, 1};
        double[] hours = {0, 2, 1, 0, 1, 0, 0, 2, 0};
        Ranking r = new Ranking(TASK, 10);
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            String id = "a" + (8 - i); // ids against the offer order, so the id tie-break is exercised
            r.offer(agent(id, hours[i], 0, 5), scores[i], 4, ORDER);
            all.add(new Candidate(id, scores[i], hours[i]));
        }
        all.sort(BEST_FIRST);
        // By hand: score 3 with 1 hour: a6, a4 (a4 < a6); score 3 with 2 hours: a7, a1 (a1 < a7).
        assertEquals(List.of("a4", "a6", "a1", "a7"), ids(r.getCandidates()));
        assertEquals(all.subList(0, 4), r.getCandidates());
    }

    @Test
    void keepFirstRejectedKeepsInTheOrderGivenUpToKeepRejected() {
        Ranking r = new Ranking(TASK, 2);
        List<Agent> roster = List.of(agent("a", 0, 0, 5), agent("b", 0, 5, 5), agent("c", 0, 0, 5),
                agent("d", 0, 9, 5), agent("e", 0, 5, 5));
        // b, d and e are at capacity: 3 rejected; only the first 2 in roster order are kept: b, d.
        r.countRejected(3);
        r.keepFirstRejected(roster, a -> a.getOpenTasks() >= a.getMaxOpenTasks());
        assertEquals(List.of("b", "d"), r.getRejectedAgents().stream().map(Agent::getAgentId).toList());
        assertEquals(3, r.getRejectedTotal());
    }

    @Test
    void keepFirstRejectedStopsReadingOnceAllCountedAreKept() {
        Ranking r = new Ranking(TASK, 10);
        List<Agent> roster = List.of(agent("a", 0, 5, 5), agent("b", 0, 0, 5), agent("c", 0, 5, 5));
        // One rejected counted, keepRejected 10: min(1, 10) = 1, so after a is kept no further agent is tested.
        r.countRejected(1);
        List<String> tested = new ArrayList<>();
        r.keepFirstRejected(roster, a -> {
            tested.add(a.getAgentId());
            return a.getOpenTasks() >= a.getMaxOpenTasks();
        });
        assertEquals(List.of("a"), tested);
        assertEquals(List.of("a"), r.getRejectedAgents().stream().map(Agent::getAgentId).toList());
    }

    @Test
    void nothingIsKeptWhenNoneIsCounted() {
        Ranking r = new Ranking(TASK, 10);
        r.keepFirstRejected(List.of(agent("a", 0, 5, 5)), a -> true);
        assertEquals(List.of(), r.getRejectedAgents());
        assertEquals(List.of(), r.getRejected());
    }

    @Test
    void explainRejectedRecordsAReasonForEveryKeptAgentInTheOrderKept() {
        Ranking r = new Ranking(TASK, 10);
        r.countRejected(2);
        r.keepFirstRejected(List.of(agent("x", 0, 5, 5), agent("y", 0, 7, 5)), a -> true);
        r.explainRejected(a -> "at capacity (" + a.getOpenTasks() + "/" + a.getMaxOpenTasks() + " open tasks)");
        List<Rejection> why = r.getRejected();
        assertEquals(2, why.size());
        assertEquals("x", why.get(0).agentId());
        assertEquals("at capacity (5/5 open tasks)", why.get(0).reason());
        assertEquals("y", why.get(1).agentId());
        assertEquals("at capacity (7/5 open tasks)", why.get(1).reason());
    }
}
