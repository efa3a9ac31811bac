package io.conclave.engine;

/** A compiler message about a rule file: ERROR or WARNING, with its position when Drools knows it. */
public record PolicyMessage(String level, String file, int line, int column, String message) {
    public boolean isError() {
        return "ERROR".equals(level);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + " [" + level + "] " + message;
    }
}
