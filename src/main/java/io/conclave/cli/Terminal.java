package io.conclave.cli;

import java.io.Console;

/**
 * Whether a person is watching the run, and how to wait for them: a terminal redraws the progress bar
 * in place and resumes a run stopped at a checkpoint when Enter is pressed.
 */
public interface Terminal {
    /** True when a person can answer (a console is attached). */
    boolean interactive();

    /** Waits for Enter; false when the input ended instead (nobody will answer). */
    boolean awaitEnter();

    /**
     * The process's console ({@link System#console()}), if it has one. From JDK 22 a console exists for
     * redirected streams too; its {@code isTerminal()} then says whether a person is there.
     */
    static Terminal system() {
        Console console = terminalOrNull(System.console());
        return new Terminal() {
            @Override
            public boolean interactive() {
                return console != null;
            }

            @Override
            public boolean awaitEnter() {
                return console != null && console.readLine() != null;
            }
        };
    }

    /** No terminal: output goes to a pipe or a file, and nobody answers. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public boolean awaitEnter() {
                return false;
            }
        };
    }

    private static Console terminalOrNull(Console console) {
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.FALSE.equals(terminal) ? null : console;
        } catch (ReflectiveOperationException e) {
            return console; // JDK 17-21: a console is only there for a terminal
        }
    }
}
