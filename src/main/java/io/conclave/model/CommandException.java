package io.conclave.model;

import java.util.List;


/**
 * A command (or a read) refused, with nothing changed: by the input checks, the access rules, the policy or
 * the engine. The kind tells the REST layer which status to
 * answer with; the problems carry JSON paths where they apply.
 */
public class CommandException extends RuntimeException {
    /** Why a command was refused. */
    public enum Kind {
        /** The input is wrong (400). */
        INVALID,
        /** The acting agent may not do this (403). */
        FORBIDDEN,
        /** No such project or task (404). */
        NOT_FOUND,
        /** The command does not fit the current state (409). */
        CONFLICT,
        /** The policy could not decide: a rule loop was cut, or no rule handled the command (422). */
        POLICY,
        /** The engine cannot take commands right now: no valid policy, or the disk failed (503). */
        UNAVAILABLE,
        /** Another request holds what this one needs (the policy compiler): try again later (429). */
        BUSY,
        /**
         * The command's journal did not say whether it kept the command (a cluster's commit that got no answer): it
         * may or may not be applied; read the owner's state before sending it again (504).
         */
        OUTCOME_UNKNOWN
    }

    private final Kind kind;
    private final String code;
    private final List<Problem> problems;
    private final boolean stateUntouched;
    private int retryAfterSeconds;

    public CommandException(Kind kind, String code, String message, List<Problem> problems) {
        this(kind, code, message, problems, false);
    }

    /** {@code stateUntouched}: the session is as it was before the command, so nothing needs rolling back. */
    public CommandException(Kind kind, String code, String message, List<Problem> problems, boolean stateUntouched) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.problems = List.copyOf(problems);
        this.stateUntouched = stateUntouched;
    }

    public CommandException(Kind kind, String code, String message) {
        this(kind, code, message, List.of());
    }

    /**
     * The policy's refusal of a command as the answer to send: 403, 404 or 409 by its kind, and 422 when
     * no rule handled the command. {@code stateUntouched}: the refusing rules changed nothing else.
     */
    public static CommandException refused(Refusal r, boolean stateUntouched) {
        Kind kind = switch (r.getKind()) {
            case FORBIDDEN -> Kind.FORBIDDEN;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CONFLICT -> "not_handled".equals(r.getCode()) ? Kind.POLICY : Kind.CONFLICT;
        };
        return new CommandException(kind, r.getCode(), r.getReason()
                + (r.getRule() == null ? "" : " (refused by rule '" + r.getRule() + "')"), r.getProblems(), stateUntouched);
    }

    /** The same, telling the client when to try again (a Retry-After header, in seconds). */
    public CommandException retryAfter(int seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    /** Seconds after which a retry may succeed; 0 when it would not help. */
    public int retryAfterSeconds() { return retryAfterSeconds; }

    public Kind kind() { return kind; }
    public String code() { return code; }
    public List<Problem> problems() { return problems; }
    public boolean stateUntouched() { return stateUntouched; }
}
