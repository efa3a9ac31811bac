package io.conclave.cli;

/** The command line in process, for tests of other packages (the REST tests that verify what they exported). */
public final class CliCalls {
    private CliCalls() {
    }

    /** {@code conclave ARGS} in process, with no terminal: its exit code, stdout and stderr. */
    public static Result conclave(String... args) {
        CliTest.Result r = CliTest.conclave(Terminal.none(), args);
        return new Result(r.code(), r.out(), r.err());
    }

    /** What one command line printed and returned. */
    public record Result(int code, String out, String err) {
    }
}
