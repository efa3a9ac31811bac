package io.conclave.app.policy;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.ConclaveConfig;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.DryRun;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.CommandException;
import io.conclave.model.run.RunRequest;

/**
 * Dry runs one at a time, each bounded by {@code conclave.dry-run-seconds} of wall time: each replays a whole journal
 * twice. An operator's dry run that finds another under way is answered 429 with Retry-After; a roll-out's guard,
 * which measures a canary project's differing decisions in the background, waits its turn.
 */
@ApplicationScoped
public class DryRunGate {
    private final Semaphore turn = new Semaphore(1);
    private final long nanos;

    public DryRunGate(ConclaveConfig config) {
        this.nanos = TimeUnit.SECONDS.toNanos(config.dryRunSeconds());
    }

    /** A dry run now, or 429 dry_run_busy when another one is under way. */
    public DryRun.Result now(ProjectRuntime project, Policy version, RunRequest simulate) {
        if (!turn.tryAcquire()) {
            throw new CommandException(CommandException.Kind.BUSY, "dry_run_busy",
                    "another dry run is replaying a journal: try again shortly").retryAfter(2);
        }
        try {
            return DryRun.of(project, version, simulate, nanos);
        } finally {
            turn.release();
        }
    }

    /** A dry run without a simulation once the one under way (if any) is over. */
    public DryRun.Result await(ProjectRuntime project, Policy version) {
        turn.acquireUninterruptibly();
        try {
            return DryRun.of(project, version, null, nanos);
        } finally {
            turn.release();
        }
    }
}
