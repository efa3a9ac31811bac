package io.conclave.model.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.conclave.model.Agent;

/** The bookkeeping of a goal conflict's ranking: the tally of proposals into options and the numbered outcome. */
class ConflictOptionTest {
    private static Agent agent(String id, int priority) {
        return new Agent(id, id, "dev", 0, Map.of(), Map.of(), 3, null, List.of(), priority);
    }

    private static final List<Agent> AGENTS = List.of(agent("ana", 2), agent("bo", 5), agent("cy", 3));

    @Test
    void tallyCountsTheProposalsByNumberIntoOptionsInTheOrderFirstProposed() {
        // Given out of order: #3 cy "B", #1 ana "A", #4 dan "A" (not an agent: priority 0), #2 bo "B".
        List<GoalProposal> proposals = List.of(new GoalProposal("g", "cy", "B", "", 3),
                new GoalProposal("g", "ana", "A", "", 1), new GoalProposal("g", "dan", "A", "", 4),
                new GoalProposal("g", "bo", "B", "", 2));
        List<ConflictOption> options = ConflictOption.tally(proposals, AGENTS);
        // By number: #1 A by ana (2), #2 B by bo (5), #3 B by cy (3), #4 A by dan (0).
        // A: supporters ana, dan; top priority max(2, 0) = 2; support 2; first proposal 1.
        // B: supporters bo, cy; top priority max(5, 3) = 5; support 2; first proposal 2.
        assertEquals(List.of(new ConflictOption(0, "A", List.of("ana", "dan"), 2, 2, 1, null),
                new ConflictOption(0, "B", List.of("bo", "cy"), 5, 2, 2, null)), options);
    }

    @Test
    void priorityOfIsTheFirstAgentWithTheIdOrZero() {
        assertEquals(5, ConflictOption.priorityOf("bo", AGENTS));
        assertEquals(5, ConflictOption.priorityOf("bo", List.of(agent("bo", 5), agent("bo", 1))));
        assertEquals(0, ConflictOption.priorityOf("zed", AGENTS));
    }

    @Test
    void rankedNumbersTheOptionsFromOneWithTheWinnersAndTheLosersWords() {
        ConflictOption b = new ConflictOption(0, "B", List.of("bo"), 5, 1, 2, null);
        ConflictOption a = new ConflictOption(0, "A", List.of("ana", "dan"), 2, 2, 1, null);
        ConflictOption c = new ConflictOption(0, "C", List.of("cy"), 3, 1, 3, null);
        List<ConflictOption> ranked = ConflictOption.ranked(List.of(b, c, a), o -> "won " + o.option(),
                (o, w) -> o.option() + " lost to " + w.option());
        // B first: rank 1, "won B"; C rank 2 and A rank 3, each lost to B; scores and supporters copied.
        assertEquals(List.of(new ConflictOption(1, "B", List.of("bo"), 5, 1, 2, "won B"),
                new ConflictOption(2, "C", List.of("cy"), 3, 1, 3, "C lost to B"),
                new ConflictOption(3, "A", List.of("ana", "dan"), 2, 2, 1, "A lost to B")), ranked);
        assertNull(b.outcome());
    }
}
