package io.conclave.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.jboss.logmanager.LogContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.ProjectService;
import io.conclave.app.RunService;
import io.conclave.engine.CompileResult;
import io.conclave.engine.EngineException;
import io.conclave.engine.Policy;
import io.conclave.engine.PolicyCompiler;
import io.conclave.engine.PolicyMessage;
import io.conclave.engine.ProjectSession;
import io.conclave.journal.RuleFile;
import io.conclave.journal.RuleFolder;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.RunRequest;

/**
 * {@code conclave run}: reads and checks a project file as POST /api/projects does, compiles the rules
 * folder, runs the project with simulated agents ({@link CliRun}) and prints the report. Nothing is
 * written to disk and no HTTP server starts. Output: the report on {@code out}, everything else (the
 * progress bar, checkpoints, problems) on {@code err}.
 */
public final class Cli {
    /** The run completed. */
    public static final int COMPLETED = 0;
    /** The policy failed: the rules do not compile, or the run failed in them. */
    public static final int POLICY_FAILED = 1;
    /** Bad options, an unreadable file or an invalid project. */
    public static final int BAD_INPUT = 2;
    /** The run stopped paused (at a checkpoint nobody resumed). */
    public static final int PAUSED = 3;
    /** The service's default firing cap per command ({@code conclave.max-firings-per-command}). */
    static final int MAX_FIRINGS = 500_000;

    private static Policy lastPolicy;

    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;

    public Cli(PrintStream out, PrintStream err, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs {@code conclave run} with the arguments after {@code run}; returns the exit code. */
    public int run(String... args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.BadOptions e) {
            return badOptions(e.getMessage());
        }
        if (options.help()) {
            out.print(CliOptions.USAGE);
            return COMPLETED;
        }
        quietLogging();
        ProjectSpec spec = readProject(options.projectFile());
        if (spec == null) {
            return BAD_INPUT;
        }
        RunRequest request;
        try {
            request = RunService.complete(options.request(), spec);
        } catch (EngineException e) {
            return badOptions(String.join("; ", e.problems().stream().map(p -> CliOptions.OPTION_OF_PATH
                    .getOrDefault(p.path(), p.path()) + ": " + p.message()).toList()));
        }
        if (!Files.isDirectory(options.rulesDir())) {
            return badOptions("--rules: " + options.rulesDir() + " is not a folder");
        }
        List<RuleFile> files;
        try {
            files = RuleFolder.read(options.rulesDir());
        } catch (IOException e) {
            return badOptions("--rules: cannot read " + options.rulesDir() + ": " + e);
        }
        if (files.isEmpty()) {
            return badOptions("--rules: no rule files (<chapter>/*.drl) in " + options.rulesDir());
        }
        Policy policy = compile(options.rulesDir(), files);
        if (policy == null) {
            return POLICY_FAILED;
        }
        try (ProjectSession session = ProjectSession.start(spec, policy, MAX_FIRINGS, 1)) {
            return new CliRun(session, request, options, out, err, terminal).run(spec.title());
        } catch (EngineException e) {
            err.println("conclave run: the policy failed: " + e.getMessage());
            return POLICY_FAILED;
        }
    }

    private int badOptions(String message) {
        err.println("conclave run: " + message);
        err.println();
        err.print(CliOptions.USAGE);
        return BAD_INPUT;
    }

    /** The project of the file, or null after printing every problem (with its JSON path). */
    private ProjectSpec readProject(Path file) {
        JsonNode definition;
        try {
            definition = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            err.println("conclave run: no such project file: " + file);
            return null;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            err.println("conclave run: " + file + " is not valid JSON: $ (line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + "): "
                    + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "["));
            return null;
        } catch (IOException e) {
            err.println("conclave run: cannot read project file " + file + ": " + e);
            return null;
        }
        try {
            return ProjectService.specOf(definition);
        } catch (EngineException e) {
            List<Problem> problems = e.problems();
            err.println("conclave run: " + file + " is not a valid project (" + problems.size() + " problem(s)):");
            problems.forEach(p -> err.println("  " + p.path() + ": " + p.message()));
            return null;
        }
    }

    /**
     * The policy compiled from the folder's rule files, or null after printing its errors. The last policy
     * compiled is kept by version (a hash of the files), for callers that run the CLI more than once in
     * a JVM (tests): compiling the shipped rules takes seconds.
     */
    private Policy compile(Path dir, List<RuleFile> files) {
        String version = PolicyCompiler.versionOf(files);
        synchronized (Cli.class) {
            if (lastPolicy != null && lastPolicy.version().equals(version)) {
                return lastPolicy;
            }
        }
        PolicyCompiler compiler = new PolicyCompiler(Cli.class.getClassLoader());
        List<String> changed = compiler.toCompile(files);
        if (!changed.isEmpty()) {
            // the chapters built into the application load at once; say so before the ones that must compile
            err.println("conclave run: compiling policy: " + changed.size() + (changed.size() == 1 ? " chapter" : " chapters")
                    + " changed since the build (" + String.join(", ", changed) + ") ...");
            err.flush();
        }
        CompileResult r = compiler.compile(files);
        if (r.ok()) {
            synchronized (Cli.class) {
                lastPolicy = r.policy();
            }
        } else {
            err.println("conclave run: the rules in " + dir + " do not compile:");
            for (PolicyMessage m : r.errors()) {
                err.println("  " + m.file() + ":" + m.line() + ":" + m.column() + ": " + m.message());
            }
        }
        return r.policy();
    }

    /**
     * Warnings and errors only, none of Drools': without Quarkus nothing sets the log levels, and Drools
     * would log every compilation step on the console the report is printed to.
     */
    private static void quietLogging() {
        LogContext context = LogContext.getLogContext();
        context.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // Drools' warnings are advice to rule authors (eval, class reactivity); compile errors are printed below
        context.getLogger("org.drools").setLevel(java.util.logging.Level.OFF);
        context.getLogger("org.kie").setLevel(java.util.logging.Level.OFF);
    }
}
