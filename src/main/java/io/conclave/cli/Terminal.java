package io.conclave.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

import org.graalvm.nativeimage.ImageInfo;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Which standard streams a person is watching, and how to wait for them. Each stream is asked on its
 * own: the progress bar goes to stderr and is redrawn in place when stderr is a terminal, whatever
 * stdout is (a report piped into a file or {@code jq}); a run stopped at a checkpoint waits for Enter
 * when stdin and stderr are both terminals (someone sees the question and can answer it).
 */
public interface Terminal {
    /** True when stderr is a terminal: the progress bar is redrawn in place ({@code \r}). */
    boolean redraws();

    /** True when a person can answer: stdin and stderr are terminals. */
    boolean interactive();

    /** Waits for Enter; false when the input ended instead (nobody will answer). */
    boolean awaitEnter();

    /**
     * The process's own streams, each checked with {@code isatty} through JLine's native provider (its
     * command-running provider where the native library cannot load). Without either, the JDK's console
     * is the fallback, which on JDK 17-21 exists only when stdin and stdout are both terminals.
     */
    static Terminal system() {
        boolean[] ttys = Streams.ttys();
        boolean in = ttys[0];
        boolean err = ttys[2];
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        return of(err, in && err, () -> {
            try {
                return input.readLine() != null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** No terminal: output goes to a pipe or a file, and nobody answers. */
    static Terminal none() {
        return of(false, false, () -> false);
    }

    /** A terminal with these answers (tests, and {@link #system()}). */
    static Terminal of(boolean redraws, boolean interactive, java.util.function.BooleanSupplier enter) {
        return new Terminal() {
            @Override
            public boolean redraws() {
                return redraws;
            }

            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public boolean awaitEnter() {
                return enter.getAsBoolean();
            }
        };
    }

    /** The isatty checks of stdin, stdout and stderr. */
    final class Streams {
        private Streams() {
        }

        /**
         * {@code [stdin, stdout, stderr]}: whether each is a terminal. A native executable asks the JDK's console
         * only: JLine's providers reach native code through the foreign-function API or JNI, which the image
         * builder cannot compile as they are (the builder folds the check and drops the JLine branch).
         */
        static boolean[] ttys() {
            if (ImageInfo.inImageRuntimeCode()) {
                return console();
            }
            for (String name : new String[] {"jni", "exec"}) {
                try {
                    TerminalProvider provider = TerminalProvider.load(name);
                    return new boolean[] {provider.isSystemStream(SystemStream.Input),
                            provider.isSystemStream(SystemStream.Output), provider.isSystemStream(SystemStream.Error)};
                } catch (Exception | LinkageError e) {
                    // this provider is not available here (no native library, no 'test' command): try the next
                }
            }
            return console();
        }

        private static boolean[] console() {
            Console console = System.console();
            boolean all = console != null && isTerminal(console);
            return new boolean[] {all, all, all};
        }

        private static boolean isTerminal(Console console) {
            try {
                return !Boolean.FALSE.equals(Console.class.getMethod("isTerminal").invoke(console));
            } catch (ReflectiveOperationException e) {
                return true; // JDK 17-21: a console is only there for a terminal
            }
        }
    }
}
