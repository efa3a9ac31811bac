package io.conclave.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.conclave.app.project.RunService;
import io.conclave.app.local.LocalPolicy;
import io.conclave.app.local.LocalRun;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.run.RunRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conclave run}: reads and checks a project file as POST /api/projects does, compiles the rules
 * folder, runs the project with simulated agents ({@link CliRun}) and prints the report. Nothing is
 * written to disk and no HTTP server starts.
 */
@Command(name = "run", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
        description = {"Runs a project definition (a JSON file as POSTed to /api/projects) with simulated agents "
                + "and prints the run's report on stdout, with a progress bar on stderr (redrawn in place when "
                + "stderr is a terminal). It does not start the HTTP service and keeps nothing on disk: no data "
                + "folder, no journal. The policy is the rules folder; its chapters unchanged since the build run "
                + "as built into the application, a chapter edited since is compiled at start (it says so on stderr).",
                ""},
        footer = {"", "Exit codes: 0 the run completed; 1 the policy failed (rules do not compile, or the run failed); "
                + "2 bad options, unreadable file or invalid project; 3 the run stopped paused.",
                "Interrupting a run by a key press is not offered: use the REST interrupts of the service."})
final class RunCommand implements Callable<Integer> {
    /** The option that sets each field of a run request, by the JSON path {@code RunService.complete} reports. */
    static final Map<String, String> OPTION_OF_PATH = Map.of("$.mode", "--mode", "$.seed", "--seed",
            "$.failure_rate", "--failure-rate", "$.timeline", "--timeline",
            "$.checkpoint_frequency", "--checkpoint-frequency", "$.spawn_additional_meetings", "--no-spawn-meetings");

    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PROJECT_FILE", description = "The project definition (JSON).")
    Path projectFile;

    @Option(names = "--mode", paramLabel = "MODE", description = {"fully_automated | incremental | simulation",
            "(default: the project's execution_mode, else fully_automated)"})
    String mode;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated draws (default 0).")
    Long seed;

    @Option(names = "--failure-rate", paramLabel = "X",
            description = "Probability that a simulated task fails, 0..1 (default 0).")
    Double failureRate;

    @Option(names = "--timeline", paramLabel = "T", description = {"calendar | continuous (default: calendar when "
            + "the project names a scheduling mode, else continuous)"})
    String timeline;

    @Option(names = "--checkpoint-frequency", paramLabel = "F", description = {"Incremental runs only: "
            + "after_each_task | after_each_meeting | daily (default after_each_meeting)."})
    String checkpointFrequency;

    @Option(names = "--no-spawn-meetings", description = "Simulation runs only: rules may not spawn extra meetings.")
    boolean noSpawnMeetings;

    @Option(names = "--auto-resume", description = {"Resume at once at every checkpoint. Without it, a run that "
            + "stops at a checkpoint waits for Enter when stdin and stderr are a terminal; otherwise it prints "
            + "its report so far and exits 3."})
    boolean autoResume;

    @Option(names = "--json", description = "Print the report as the JSON of GET /api/projects/{id}/runs/{run_id}/report "
            + "(the same bytes).")
    boolean json;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "The policy folder, one subfolder per chapter (default: ${DEFAULT-VALUE}).")
    Path rules;

    @picocli.CommandLine.Mixin
    Cli.HelpOptions help;

    @Override
    public Integer call() throws IOException {
        Cli.quietLogging();
        ProjectFile file = ProjectFile.read(projectFile);
        if (!printProblems(file)) {
            return Cli.BAD_INPUT;
        }
        RunRequest request;
        try {
            request = RunService.complete(new RunRequest(mode, seed, failureRate, timeline, checkpointFrequency,
                    noSpawnMeetings ? Boolean.FALSE : null), file.spec());
        } catch (CommandException e) {
            return badOptions(String.join("; ", e.problems().stream().map(p -> OPTION_OF_PATH
                    .getOrDefault(p.path(), p.path()) + ": " + p.message()).toList()));
        }
        String unusable = LocalPolicy.unusable(rules);
        if (unusable != null) {
            return badOptions("--rules: " + unusable);
        }
        LocalPolicy.Compiled compiled = LocalPolicy.compile(rules, "conclave run", cli.err);
        if (!compiled.ok()) {
            cli.err.println("conclave run: the rules in " + rules + " do not compile:");
            for (PolicyMessage m : compiled.errors()) {
                cli.err.println("  " + rules.resolve(m.file()) + ":" + m.line() + ":" + m.column() + ": " + ValidateCommand.oneLine(m.message()));
            }
            return Cli.POLICY_FAILED;
        }
        try (LocalRun run = LocalRun.open(file.spec(), compiled, Cli.MAX_FIRINGS)) {
            return new CliRun(run, request, json, autoResume, cli.out, cli.err, cli.terminal).run(file.spec().title());
        } catch (CommandException e) {
            cli.err.println("conclave run: the policy failed: " + e.getMessage());
            return Cli.POLICY_FAILED;
        }
    }

    /** Prints why the file is not a project (every problem with its JSON path); false when there was any. */
    private boolean printProblems(ProjectFile file) {
        switch (file.verdict()) {
            case VALID -> {
                return true;
            }
            case UNREADABLE -> cli.err.println("conclave run: project file " + projectFile + ": " + file.unreadable());
            case NOT_JSON -> {
                ProjectFile.Problem p = file.problems().get(0);
                cli.err.println("conclave run: " + projectFile + " is not valid JSON: $ (line " + p.at().line()
                        + ", column " + p.at().column() + "): " + p.message());
            }
            case INVALID -> {
                cli.err.println("conclave run: " + projectFile + " is not a valid project (" + file.problems().size()
                        + " problem(s)):");
                file.problems().forEach(p -> cli.err.println("  " + p.path() + ": " + p.message()
                        + "  (" + projectFile + ":" + p.at() + ")"));
            }
        }
        return false;
    }

    private int badOptions(String message) {
        cli.err.println("conclave run: " + message);
        cli.err.println();
        spec.commandLine().usage(cli.err);
        return Cli.BAD_INPUT;
    }
}
