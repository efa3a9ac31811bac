package io.conclave.model.conflict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.conclave.model.Agent;

/**
 * One option of a resolved goal conflict as the policy ranked it: its supporters (in proposal
 * order), the score the rules compare (highest priority among the supporters, number of supporters,
 * number of its earliest proposal) and why it won or lost.
 *
 * <p>The bookkeeping of the policy's ranking (rules/coordination/goal_conflict_scoring.drl, {@code rankOptions}) is
 * here: {@link #tally} counts the proposals into options, {@link #ranked} numbers the options once the policy put
 * them in order and records its words for each. Which option is better ({@code outranks}) and the words
 * ({@code whyLost}) are the policy's.
 */
public record ConflictOption(int rank, String option, List<String> supporters, int topPriority, int support,
                             int firstProposal, String outcome) {

    /**
     * The options of a conflict's proposals, in the order each option was first proposed, unranked (rank 0, no
     * outcome): every proposal, taken by its number (1, 2, 3...; {@code proposals} holds each number once), adds its
     * agent to its option's supporters, counts one more supporter, and raises the option's top priority to its
     * agent's priority when higher (an agent not in {@code agents} has priority 0); the first proposal's number
     * stays the option's first proposal.
     */
    public static List<ConflictOption> tally(List<GoalProposal> proposals, List<Agent> agents) {
        GoalProposal[] byOrder = new GoalProposal[proposals.size()];
        for (GoalProposal p : proposals) {
            byOrder[p.getOrder() - 1] = p;
        }
        Map<String, ConflictOption> byOption = new LinkedHashMap<>();
        for (GoalProposal p : byOrder) {
            ConflictOption seen = byOption.get(p.getOption());
            List<String> supporters = new ArrayList<>(seen == null ? List.of() : seen.supporters());
            supporters.add(p.getAgentId());
            int priority = priorityOf(p.getAgentId(), agents);
            byOption.put(p.getOption(), seen == null
                    ? new ConflictOption(0, p.getOption(), supporters, priority, 1, p.getOrder(), null)
                    : new ConflictOption(0, p.getOption(), supporters, Math.max(priority, seen.topPriority()),
                            seen.support() + 1, seen.firstProposal(), null));
        }
        return new ArrayList<>(byOption.values());
    }

    /** The priority of the first agent of {@code agents} with this id; 0 when there is none. */
    static int priorityOf(String agentId, List<Agent> agents) {
        for (Agent a : agents) {
            if (a.getAgentId().equals(agentId)) {
                return a.getPriority();
            }
        }
        return 0;
    }

    /**
     * The options as ranked, from options in the policy's order (best first, at least one): each numbered from 1,
     * its supporters copied, the first with {@code won}'s words, every other with {@code lost}'s (the option, the
     * winner).
     */
    public static List<ConflictOption> ranked(List<ConflictOption> bestFirst, Function<ConflictOption, String> won,
                                              BiFunction<ConflictOption, ConflictOption, String> lost) {
        List<ConflictOption> out = new ArrayList<>(bestFirst.size());
        ConflictOption w = bestFirst.get(0);
        for (int i = 0; i < bestFirst.size(); i++) {
            ConflictOption o = bestFirst.get(i);
            String outcome = i == 0 ? won.apply(o) : lost.apply(o, w);
            out.add(new ConflictOption(i + 1, o.option(), List.copyOf(o.supporters()), o.topPriority(), o.support(),
                    o.firstProposal(), outcome));
        }
        return out;
    }
}
