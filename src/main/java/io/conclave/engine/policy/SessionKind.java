package io.conclave.engine.policy;

import java.util.List;

/**
 * The kinds of Drools session the engine opens, and the rule chapters each one carries: a session
 * holds only the rules that can match its facts. The functions of {@code common/} are compiled into
 * every chapter, so they are not listed.
 */
public enum SessionKind {
    /** A project: assignment, the task lifecycle, conflicts, the execution of runs, and its agents' memory. */
    PROJECT("assignment", "workflow", "coordination", "execution", "memory"),
    /** A meeting that agents attend over REST. */
    MEETING("meetings"),
    /** A meeting held by simulated attendees during a simulated run. */
    SIMULATED_MEETING("meetings", "simulation"),
    /** Simulated agents of a simulated run answering a call for proposals. */
    SIMULATED_BIDDING("simulation"),
    /** A conversation: turn-taking, and its agents' memory. */
    CONVERSATION("conversations", "memory"),
    /** A time-slot negotiation for a recurring meeting. */
    NEGOTIATION("scheduling"),
    /** The judgement of a canary roll-out by its guards (read from the active policy). */
    ROLLOUT("rollouts");

    private final List<String> chapters;

    SessionKind(String... chapters) {
        this.chapters = List.of(chapters);
    }

    /** The chapters this kind of session loads, in the order they are shown. */
    public List<String> chapters() {
        return chapters;
    }

    /** True when sessions of this kind load the chapter. */
    public boolean loads(String chapter) {
        return chapters.contains(chapter);
    }

    /** The session kinds that load a chapter (every kind for {@code common}). */
    public static List<String> of(String chapter) {
        return java.util.Arrays.stream(values()).filter(k -> Chapters.COMMON.equals(chapter) || k.loads(chapter))
                .map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
