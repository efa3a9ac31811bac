package io.conclave.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.conclave.app.local.LocalPolicy;
import io.conclave.model.policy.PolicyMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code conclave validate}: checks project files as POST /api/projects checks a body, and/or compiles a
 * rules folder as the service does before a policy goes live, without running anything. Every problem
 * is one line that editors and CI logs can jump to: {@code FILE:LINE:COLUMN: ...}, with the JSON path
 * of a project problem.
 */
@Command(name = "validate", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
        description = {"Checks project files (as POST /api/projects does: every problem with its JSON path) and/or "
                + "compiles a rules folder (as the service does before a policy goes live: every error with its "
                + "file, line and column). Nothing runs and nothing is written. Without files it checks the rules "
                + "folder; with files it checks only them, unless --rules is given too.", ""},
        footer = {"", "Each problem is one line: FILE:LINE:COLUMN: JSON_PATH: message (projects) or "
                + "FILE:LINE:COLUMN: message (rules); a last line sums up.",
                "Exit codes: 0 all valid; 1 the rules do not compile; 2 a project file is invalid or unreadable, "
                + "or bad options (2 wins when both apply)."})
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(paramLabel = "PROJECT_FILE", arity = "0..*", description = "Project definitions (JSON) to check.")
    List<Path> projectFiles = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR", description = {"The policy folder to compile (default, when no "
            + "project file is given: rules)."})
    Path rules;

    @picocli.CommandLine.Mixin
    Cli.HelpOptions help;

    @Override
    public Integer call() throws IOException {
        Cli.quietLogging();
        int invalid = 0;
        for (Path path : projectFiles) {
            if (!check(ProjectFile.read(path))) {
                invalid++;
            }
        }
        boolean rulesFailed = false;
        Path dir = rules != null ? rules : projectFiles.isEmpty() ? Path.of("rules") : null;
        if (dir != null) {
            rulesFailed = !compile(dir);
        }
        if (!projectFiles.isEmpty()) {
            cli.out.println(projectFiles.size() + " project file(s) checked: " + (projectFiles.size() - invalid)
                    + " valid, " + invalid + " invalid");
        }
        return invalid > 0 ? Cli.BAD_INPUT : rulesFailed ? Cli.POLICY_FAILED : Cli.COMPLETED;
    }

    /** Prints the file's problems, or that it is valid; false when it is not. */
    private boolean check(ProjectFile file) {
        Path path = file.file();
        switch (file.verdict()) {
            case VALID -> cli.out.println(path + ": valid project " + file.spec().projectId() + " ("
                    + file.spec().tasks().size() + " tasks, " + file.spec().agents().size() + " agents)");
            case UNREADABLE -> cli.out.println(path + ": " + file.unreadable());
            case NOT_JSON -> file.problems().forEach(p -> cli.out.println(path + ":" + p.at() + ": not valid JSON: "
                    + p.message()));
            case INVALID -> file.problems().forEach(p -> cli.out.println(path + ":" + p.at() + ": " + p.path() + ": "
                    + p.message()));
        }
        return file.verdict() == ProjectFile.Verdict.VALID;
    }

    /** A compiler message on one line: its lines joined by "; " (one problem, one line). */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Compiles the folder and prints its errors (warnings too), or that it compiles; false when it does not. */
    private boolean compile(Path dir) throws IOException {
        String unusable = LocalPolicy.unusable(dir);
        if (unusable != null) {
            cli.out.println(dir + ": " + unusable);
            return false;
        }
        LocalPolicy.Compiled r = LocalPolicy.compile(dir, "conclave validate", cli.err);
        for (PolicyMessage m : r.messages()) {
            cli.out.println(dir.resolve(m.file()) + ":" + m.line() + ":" + m.column() + ": "
                    + (m.isError() ? "" : "warning: ") + oneLine(m.message()));
        }
        if (!r.ok()) {
            cli.out.println(dir + ": the rules do not compile: " + r.errors().size() + " error(s) in " + r.files()
                    + " files");
            return false;
        }
        cli.out.println(dir + ": the rules compile: policy " + r.version() + ", " + r.files() + " files in "
                + r.chapters() + " chapters (" + r.compiledNow() + " compiled now, the others as built)");
        return true;
    }
}
