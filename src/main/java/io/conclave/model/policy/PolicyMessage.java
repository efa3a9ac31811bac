package io.conclave.model.policy;

/** A compiler message about a rule file: ERROR or WARNING, with its position when Drools knows it. */
public record PolicyMessage(String level, String file, int line, int column, String message) {
    /** A compiler's message without the Java stack trace some of them carry: a reader of a rule file needs the line. */
    public PolicyMessage {
        if (message != null) {
            message = STACK.matcher(message).replaceFirst("").strip();
        }
    }

    private static final java.util.regex.Pattern STACK = java.util.regex.Pattern.compile(
            "[;\\s]*Problem stacktrace\\s*:.*$", java.util.regex.Pattern.DOTALL);

    public boolean isError() {
        return "ERROR".equals(level);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + " [" + level + "] " + message;
    }
}
