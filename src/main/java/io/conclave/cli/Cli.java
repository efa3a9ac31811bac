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
 * The command line: {@code conclave run | validate | verify | serve | token}. Plain picocli, so {@code run} and
 * {@code validate} never boot Quarkus (no HTTP server, no data folder); {@code serve} starts the
 * service. Output: a command's result on {@code out}, everything else (progress, questions,
 * problems) on {@code err}.
 */
@Command(name = "conclave", usageHelpWidth = 100, versionProvider = Cli.Version.class,
        description = "Conclave: rule-driven orchestration of multi-agent systems.",
        subcommands = {RunCommand.class, ValidateCommand.class, VerifyCommand.class, ServeCommand.class, TokenCommand.class,
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
    /** An evidence export does not verify: an entry, a policy, a decision or the signature is not as it was. */
    public static final int NOT_VERIFIED = 4;
    /** The service's default firing cap per command ({@code conclave.max-firings-per-command}). */
    static final int MAX_FIRINGS = 500_000;

    final PrintStream out;
    final PrintStream err;
    final Terminal terminal;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    HelpOptions help;

    /** {@code -h}/{@code --help} and {@code -V}/{@code --version}, on every command. */
    static final class HelpOptions {
        @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
        boolean help;

        @picocli.CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Conclave's version.")
        boolean version;
    }

    /** The version of the build, from the one resource the build fills in. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Cli.class.getResourceAsStream("/conclave-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // no version known: said below
            }
            return new String[] {"conclave " + p.getProperty("version", "(version unknown)") + ", Java "
                    + System.getProperty("java.version")};
        }
    }

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
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            nearCommands(e, err);
        }
        err.println();
        cmd.usage(err);
        return BAD_INPUT;
    }

    /**
     * A command name mistyped by a letter or two ({@code rnu}, {@code valdate}): picocli's own suggestions compare
     * pairs of letters and miss a swap, so the commands within two edits (a swap counting as one) are named.
     */
    private static void nearCommands(CommandLine.ParameterException e, PrintWriter err) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()
                || u.getUnmatched().get(0).startsWith("-")) {
            return;
        }
        String typed = u.getUnmatched().get(0);
        java.util.List<String> near = e.getCommandLine().getSubcommands().keySet().stream()
                .filter(name -> edits(typed, name) <= 2).sorted().toList();
        if (!near.isEmpty()) {
            err.println("Did you mean: " + String.join(" or ", near) + "?");
        }
    }

    /** Edits (insert, delete, replace, swap of two neighbours) from {@code a} to {@code b}. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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
