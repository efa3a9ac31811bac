package io.conclave.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.jboss.logmanager.LogContext;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code conclave run | validate | serve}. Plain picocli, so {@code run} and
 * {@code validate} never boot Quarkus (no HTTP server, no data folder); {@code serve} starts the
 * service. Output: a command's result on {@code out}, everything else (progress, questions,
 * problems) on {@code err}.
 */
@Command(name = "conclave", usageHelpWidth = 100,
        description = "Conclave: rule-driven orchestration of multi-agent systems.",
        subcommands = {RunCommand.class, ValidateCommand.class, ServeCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Without a command, `java -jar quarkus-run.jar` starts the service (as `serve` does).",
                "`conclave help COMMAND` or `conclave COMMAND --help` tells more."})
public final class Cli implements Runnable {
    /** The run completed; the files are valid. */
    public static final int COMPLETED = 0;
    /** The policy failed: the rules do not compile, or the run failed in them. */
    public static final int POLICY_FAILED = 1;
    /** Bad options, an unreadable file or an invalid project. */
    public static final int BAD_INPUT = 2;
    /** The run stopped paused (at a checkpoint nobody resumed). */
    public static final int PAUSED = 3;
    /** The service's default firing cap per command ({@code conclave.max-firings-per-command}). */
    static final int MAX_FIRINGS = 500_000;

    final PrintStream out;
    final PrintStream err;
    final Terminal terminal;

    @Spec
    CommandSpec spec;

    Cli(PrintStream out, PrintStream err, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the command line {@code args} (the command first) and returns its exit code. */
    public static int execute(PrintStream out, PrintStream err, Terminal terminal, String... args) {
        CommandLine line = new CommandLine(new Cli(out, err, terminal))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setParameterExceptionHandler(Cli::badOptions);
        return line.execute(args);
    }

    /** No command: what there is to do. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which command? none given");
    }

    /** Bad options: says which and why, then the usage of the command they were given to. */
    private static int badOptions(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        cmd.usage(err);
        return BAD_INPUT;
    }

    /**
     * Warnings and errors only, none of Drools': without Quarkus nothing sets the log levels, and Drools
     * would log every compilation step on the console the report is printed to.
     */
    static void quietLogging() {
        LogContext context = LogContext.getLogContext();
        context.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // Drools' warnings are advice to rule authors (eval, class reactivity); compile errors are printed by the commands
        context.getLogger("org.drools").setLevel(java.util.logging.Level.OFF);
        context.getLogger("org.kie").setLevel(java.util.logging.Level.OFF);
    }
}
