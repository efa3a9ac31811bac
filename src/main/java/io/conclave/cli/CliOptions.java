package io.conclave.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.conclave.model.run.RunRequest;

/**
 * The options of {@code conclave run}: the project file, the run request they make (checked later by
 * {@code RunService.complete}, as a REST run request is) and how to show the run.
 */
public record CliOptions(Path projectFile, RunRequest request, boolean json, Path rulesDir, boolean autoResume,
                         boolean help) {

    /** The option that sets each field of a run request, by the JSON path {@code RunService.complete} reports. */
    static final Map<String, String> OPTION_OF_PATH = Map.of("$.mode", "--mode", "$.seed", "--seed",
            "$.failure_rate", "--failure-rate", "$.timeline", "--timeline",
            "$.checkpoint_frequency", "--checkpoint-frequency", "$.spawn_additional_meetings", "--no-spawn-meetings");

    static final String USAGE = """
            Usage: java -jar quarkus-run.jar run [options] PROJECT_FILE

            Runs a project definition (a JSON file as POSTed to /api/projects) with simulated agents
            and prints the run's report on stdout, with a progress bar on stderr. It does not start the
            HTTP service and keeps nothing on disk: no data folder, no journal. The policy is the rules
            folder; its chapters unchanged since the build run as built into the application, a
            chapter edited since is compiled at start (it says so on stderr).

            Options:
              --mode MODE                  fully_automated | incremental | simulation
                                           (default: the project's execution_mode, else fully_automated)
              --seed N                     seed of the simulated draws (default 0)
              --failure-rate X             probability that a simulated task fails, 0..1 (default 0)
              --timeline T                 calendar | continuous (default: calendar when the project
                                           names a scheduling mode, else continuous)
              --checkpoint-frequency F     incremental runs only: after_each_task | after_each_meeting |
                                           daily (default after_each_meeting)
              --no-spawn-meetings          simulation runs only: rules may not spawn extra meetings
              --auto-resume                resume at once at every checkpoint (without it, a run that
                                           stops at a checkpoint prints its report so far and exits 3,
                                           unless a terminal is attached: then Enter resumes it)
              --json                       print the report as the JSON of
                                           GET /api/projects/{id}/runs/{run_id}/report
              --rules DIR                  the policy folder, one subfolder per chapter (default: rules)
              --help                       this text

            Exit codes: 0 the run completed; 1 the policy failed (rules do not compile, or the run
            failed); 2 bad options, unreadable file or invalid project; 3 the run stopped paused.
            Interrupting a run by a key press is not offered: use the REST interrupts of the service.
            """;

    /** Options that could not be read: the message says which and why. */
    static final class BadOptions extends Exception {
        BadOptions(String message) {
            super(message);
        }
    }

    /** Reads the arguments after {@code run}. */
    static CliOptions parse(String[] args) throws BadOptions {
        Path file = null;
        String mode = null, timeline = null, frequency = null;
        Long seed = null;
        Double failureRate = null;
        Boolean spawn = null;
        boolean json = false, autoResume = false, help = false;
        Path rules = Path.of("rules");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            boolean takesValue = List.of("--mode", "--seed", "--failure-rate", "--timeline",
                    "--checkpoint-frequency", "--rules").contains(arg);
            if (takesValue && value == null) {
                if (i + 1 >= args.length) {
                    throw new BadOptions(arg + " needs a value");
                }
                value = args[++i];
            } else if (!takesValue && value != null) {
                throw new BadOptions(arg + " takes no value");
            }
            switch (arg) {
                case "--mode" -> mode = value;
                case "--seed" -> seed = number(arg, value, Long::parseLong);
                case "--failure-rate" -> failureRate = number(arg, value, Double::parseDouble);
                case "--timeline" -> timeline = value;
                case "--checkpoint-frequency" -> frequency = value;
                case "--rules" -> rules = Path.of(value);
                case "--no-spawn-meetings" -> spawn = false;
                case "--json" -> json = true;
                case "--auto-resume" -> autoResume = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new BadOptions("unknown option " + arg);
                    }
                    if (file != null) {
                        throw new BadOptions("one project file only, got " + file + " and " + arg);
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (file == null && !help) {
            throw new BadOptions("which project file? none given");
        }
        return new CliOptions(file, new RunRequest(mode, seed, failureRate, timeline, frequency, spawn), json, rules,
                autoResume, help);
    }

    private static <T> T number(String option, String value, java.util.function.Function<String, T> parse)
            throws BadOptions {
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new BadOptions(option + " needs a number, got '" + value + "'");
        }
    }
}
