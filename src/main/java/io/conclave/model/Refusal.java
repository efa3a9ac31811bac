package io.conclave.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A report the policy refuses (a task that is not the agent's, a status that does not allow it),
 * with a code and a reason in words. Inserted by a refusal rule; the engine answers it as a conflict
 * and keeps nothing of the command. The ledger listener stamps it with the rule that refused.
 */
public final class Refusal {
    /** What kind of refusal: the command conflicts with the state, the agent may not do it, or its target does not exist. */
    public enum Kind { CONFLICT, FORBIDDEN, NOT_FOUND }

    private final Kind kind;
    private final String code;
    private final String reason;
    private final List<Problem> problems = new ArrayList<>();
    private String rule;

    public Refusal(String code, String reason) {
        this(Kind.CONFLICT, code, reason);
    }

    public Refusal(Kind kind, String code, String reason) {
        this.kind = kind;
        this.code = code;
        this.reason = reason;
    }

    /** The acting agent is not allowed to do this (answered 403). */
    public static Refusal forbidden(String code, String reason) {
        return new Refusal(Kind.FORBIDDEN, code, reason);
    }

    /** The command names something that does not exist (answered 404). */
    public static Refusal notFound(String code, String reason) {
        return new Refusal(Kind.NOT_FOUND, code, reason);
    }

    /**
     * Names the field of the command the refusal is about, as the answer's {@code details} show it
     * ({@code $.message_id}, "is taken"); returns this refusal.
     */
    public Refusal at(String path, String message) {
        problems.add(new Problem(path, message));
        return this;
    }

    public Kind getKind() { return kind; }
    public String getCode() { return code; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }
    /** The fields of the command the refusal is about; empty when it is about the command as a whole. */
    public List<Problem> getProblems() { return List.copyOf(problems); }

    /** Called by the engine with the name of the rule that inserted this refusal. */
    public void stamp(String rule) {
        this.rule = rule;
    }
}
