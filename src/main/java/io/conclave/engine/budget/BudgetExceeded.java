package io.conclave.engine.budget;

/**
 * Thrown into rule code that went past a bound of its {@link Meter}. An {@link Error}, so a policy's
 * {@code catch (Exception e)} does not stop it; a {@code catch (Throwable t)} rethrows it at once (the
 * instrumenter puts {@link Budget#caught} at every such handler). The runtime that armed the meter
 * catches it, rolls the command back and answers 422.
 */
public final class BudgetExceeded extends Error {
    private static final long serialVersionUID = 1L;

    /** Which bound was passed. */
    public enum Limit {
        TIME("rule_timeout"), DEPTH("rule_too_deep"), MEMORY("rule_memory");

        private final String code;

        Limit(String code) {
            this.code = code;
        }

        /** The error code of the refusal. */
        public String code() {
            return code;
        }
    }

    private final Limit limit;

    public BudgetExceeded(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }

    /**
     * The policy function or rule class the stop was thrown in (from the stack: the first frame of a
     * class compiled from the rules, whose packages are {@code conclave.*}), or null.
     */
    public String where() {
        for (StackTraceElement e : getStackTrace()) {
            if (e.getClassName().startsWith("conclave.")) {
                String m = e.getMethodName();
                if (m.startsWith("lambda$")) {
                    continue;
                }
                String cls = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1);
                // the executable model keeps conditions and consequences in Lambda* classes, functions in Rules*
                return cls.startsWith("Lambda") ? "a condition or consequence" : "function " + m + "()";
            }
        }
        return null;
    }

    /** The BudgetExceeded among {@code t} and its causes, or null. */
    public static BudgetExceeded in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BudgetExceeded b) {
                return b;
            }
        }
        return null;
    }
}
