package io.conclave.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The outcome of ranking every agent for one task, built by the {@code rank} function of the
 * assignment policy (rules/common/scoring.drl). The policy decides who is qualified, who is eligible, each
 * candidate's score and the words of each rejection; this class holds the result and does the bookkeeping:
 * it keeps the best {@code keep} candidates in order ({@link #offer}, in the order the policy hands it), the
 * first {@code keepRejected} agents ruled out in roster order ({@link #keepFirstRejected}) with their reasons
 * ({@link #explainRejected}), a total of the rejected, and how many agents had the skills at all.
 */
public class Ranking implements Described {
    private final Task task;
    private final int keepRejected;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Agent> rejectedAgents = new ArrayList<>();
    private final LinkedHashMap<String, CharSequence> rejected = new LinkedHashMap<>();
    private int rejectedTotal;
    private int qualified;
    private int eligible;

    public Ranking(Task task, int keepRejected) {
        this.task = task;
        this.keepRejected = keepRejected;
    }

    public Task getTask() { return task; }

    /** The candidates in policy order, best first. The policy's rank function keeps this list sorted. */
    public List<Candidate> getCandidates() { return candidates; }

    public Candidate getBest() { return candidates.isEmpty() ? null : candidates.get(0); }

    /** Id of the best candidate, or null: lets rules join the winning agent through an index. */
    public String getBestAgentId() {
        Candidate best = getBest();
        return best == null ? null : best.agentId();
    }

    /** The policy's candidate order: true when a candidate of this score, open hours and agent id goes before {@code other}. */
    @FunctionalInterface
    public interface Before {
        boolean test(double score, double openHours, String agentId, Candidate other);
    }

    /**
     * Offers an eligible agent with the score the policy gave it: it enters the candidates when it goes, by the
     * policy's order {@code before}, ahead of the last of the best {@code keep} so far (or fewer are kept), at its
     * place, and the one pushed past {@code keep} leaves. Its candidate is made only when it enters. Returns true
     * when it entered.
     */
    public boolean offer(Agent agent, double score, int keep, Before before) {
        if (keep <= 0 || candidates.size() >= keep
                && !before.test(score, agent.getOpenHours(), agent.getAgentId(), candidates.get(keep - 1))) {
            return false;
        }
        Candidate c = new Candidate(agent.getAgentId(), score, agent.getOpenHours());
        int at = candidates.size();
        while (at > 0 && before.test(c.score(), c.openHours(), c.agentId(), candidates.get(at - 1))) {
            at--;
        }
        candidates.add(at, c);
        if (candidates.size() > keep) {
            candidates.remove(keep);
        }
        return true;
    }

    public List<Candidate> getRunnersUp() {
        return candidates.size() <= 1 ? List.of() : List.copyOf(candidates.subList(1, candidates.size()));
    }

    /**
     * Counts a rejected agent and keeps the first {@code keepRejected} of them (in roster order). The
     * policy words the reasons afterwards, for the kept ones only ({@link #explain}).
     */
    public void reject(Agent agent) {
        rejectedTotal++;
        if (rejectedAgents.size() < keepRejected) {
            rejectedAgents.add(agent);
        }
    }

    /**
     * Keeps a rejected agent for the ledger without counting it, when the total comes from
     * {@link #countRejected} (a ranking that read only the agents of one skill: the others are rejected too).
     */
    public void keepRejected(Agent agent) {
        if (rejectedAgents.size() < keepRejected) {
            rejectedAgents.add(agent);
        }
    }

    /** Adds to the count of rejected agents (see {@link #keepRejected}). */
    public void countRejected(int n) {
        rejectedTotal += n;
    }

    /**
     * Keeps, in the order given (the roster's), the agents the policy rejects until {@code keepRejected} are kept
     * or as many as counted ({@link #countRejected}, {@link #reject}): it stops reading the agents then. Count
     * first, keep afterwards.
     */
    public void keepFirstRejected(List<Agent> agents, Predicate<Agent> rejects) {
        int toKeep = Math.min(rejectedTotal, keepRejected);
        for (Agent a : agents) {
            if (rejectedAgents.size() >= toKeep) {
                return;
            }
            if (rejects.test(a)) {
                rejectedAgents.add(a);
            }
        }
    }

    /** Records the policy's reason ({@link #explain}) for every kept rejected agent, in the order kept. */
    public void explainRejected(Function<Agent, CharSequence> why) {
        for (Agent a : rejectedAgents) {
            rejected.put(a.getAgentId(), why.apply(a));
        }
    }

    /** The rejected agents kept for the ledger, in roster order. */
    public List<Agent> getRejectedAgents() {
        return List.copyOf(rejectedAgents);
    }

    /**
     * Records the policy's reason for rejecting a kept agent: words, or words made when first read
     * ({@link io.conclave.model.wording.SkillWording#shortfall}).
     */
    public void explain(String agentId, CharSequence reason) {
        rejected.put(agentId, reason);
    }

    /** The kept rejected agents with their reasons, in the order explained; the reasons are worded when first read. */
    public List<Rejection> getRejected() {
        return rejected.isEmpty() ? List.of() : new WordedOnRead(rejected);
    }

    public int getRejectedTotal() { return rejectedTotal; }

    /** Counts an agent that has every required skill, whether or not it has capacity now. */
    public void countQualified() { qualified++; }

    public int getQualified() { return qualified; }

    /** Counts an agent that is qualified and has capacity: a candidate, kept in the list or not. */
    public void countEligible() { eligible++; }

    public int getEligible() { return eligible; }

    @Override
    public String describe() {
        return "ranking of task " + task.getTaskId() + ": " + qualified + " qualified, " + candidates.size()
                + " candidate(s) kept";
    }
}
