package io.conclave.cli;

import java.io.PrintStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.conclave.model.CommandException;
import io.conclave.app.local.LocalRun;
import io.conclave.model.Json;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunState;
import io.conclave.model.run.RunStatus;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;

/**
 * One run of the command-line mode: drives a {@link LocalRun} one simulated event per step (each step
 * a command of its own, as the service's {@code run_step} entries are), draws the progress bar, stops
 * or resumes at checkpoints, and prints the report. Whether the run pauses is the rules' decision
 * (RunState); resuming is the operator's, here Enter or {@code --auto-resume}.
 */
final class CliRun {
    private final LocalRun run;
    private final RunRequest request;
    private final boolean json;
    private final boolean autoResume;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private final ProgressBar bar;
    CliRun(LocalRun run, RunRequest request, boolean json, boolean autoResume, PrintStream out,
           PrintStream err, Terminal terminal) {
        this.run = run;
        this.request = request;
        this.json = json;
        this.autoResume = autoResume;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.bar = new ProgressBar(err, terminal.redraws());
    }

    /** Runs until the run completes, fails, or stops paused; prints the report; returns the exit code. */
    int run(String title) {
        run.start(request);
        String failure = null;
        try {
            drive();
        } catch (CommandException e) {
            failure = e.getMessage();
            run.fail(failure);
        }
        bar.finish(run.progress());
        if (failure != null) {
            err.println("conclave run: the run failed: " + failure);
        }
        RunReport report = run.report();
        if (json) {
            try {
                out.println(Json.MAPPER.writeValueAsString(report));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a run report could not be written as JSON", e);
            }
        } else {
            out.print(ReportText.render(report, title));
        }
        out.flush();
        return switch (run.status()) {
            case COMPLETED -> Cli.COMPLETED;
            case FAILED -> Cli.POLICY_FAILED;
            default -> Cli.PAUSED;
        };
    }

    private void drive() {
        int eventsAtResume = -1;
        while (true) {
            bar.show(run.progress());
            while (run.state().isRunning()) {
                run.step();
                bar.show(run.progress());
            }
            if (!run.status().open()) {
                return;
            }
            bar.finish(run.progress());
            int events = run.progress().events();
            // a plain pause right after a resume, with nothing simulated between, would pause again forever
            boolean stuck = run.status() == RunStatus.PAUSED && events == eventsAtResume;
            if (!resume(run.state(), run.progress(), stuck)) {
                return;
            }
            eventsAtResume = events;
            bar.restart();
        }
    }

    /** Says where the run stopped and resumes it if the operator does; false when it stays paused. */
    private boolean resume(RunState state, RunReport.Progress progress, boolean stuck) {
        String where = state.getStatus() == RunStatus.PAUSED_AT_CHECKPOINT
                ? "checkpoint " + state.getCheckpoints() : "pause " + state.getPauses();
        err.println("Run paused at " + where + ": " + state.getReason());
        err.println("  " + statusLine(progress));
        if (autoResume && !stuck) {
            err.println("  resumed (--auto-resume)");
        } else if (terminal.interactive() && !autoResume) {
            err.print("  press Enter to resume (end of input stops here) ");
            err.flush();
            if (!terminal.awaitEnter()) {
                err.println();
                return false;
            }
        } else {
            err.println(stuck ? "  not resumed: the run paused again without progress"
                    : "  not resumed: --auto-resume goes on at every checkpoint (or, with stdin and stderr at a "
                    + "terminal, press Enter)");
            return false;
        }
        run.resume();
        return true;
    }

    /** Tasks finished of all, which are in progress, and the simulated time. */
    private String statusLine(RunReport.Progress p) {
        List<String> inProgress = run.inProgress();
        return p.finishedTasks() + "/" + p.totalTasks() + " tasks finished, in progress: "
                + (inProgress.isEmpty() ? "none" : String.join(", ", inProgress)) + "; simulated time "
                + p.simulatedTime();
    }
}
