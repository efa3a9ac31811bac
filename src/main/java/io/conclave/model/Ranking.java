package io.conclave.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The outcome of ranking every agent for one task, built by the {@code rank} function of the
 * assignment policy. The policy decides who is eligible and how candidates compare; this class only
 * holds the result: the candidates in the policy's order (best first, at most {@code keep}), the
 * agents ruled out (the first {@code keepRejected} in roster order, plus a total) and how many agents
 * had the skills at all.
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
