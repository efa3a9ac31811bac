package io.conclave.app.policy;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.Problem;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.run.RunRequest;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectService;
import io.conclave.app.project.RunService;
import io.conclave.app.rollout.Rollouts;

/**
 * A project and the policy versions: pinning it to one (journaled; it keeps deciding under it after newer ones
 * are activated), unpinning it, and the dry run that shows what another version would have decided. A dry run
 * changes nothing, so operators may ask for one; pins are the policy's, so admins'. Dry runs run one at a time
 * (each replays a whole journal twice): another one meanwhile is answered 429 with Retry-After. A canary project
 * of a running roll-out is pinned by it: its pin is the roll-out's to change (409 project_in_rollout).
 */
@ApplicationScoped
public class ProjectPolicies {
    private final ProjectRegistry projects;
    private final PolicyHost host;
    private final DryRunGate dryRuns;
    private final Rollouts rollouts;

    public ProjectPolicies(Engine engine, DryRunGate dryRuns, Rollouts rollouts) {
        this.projects = engine.projects();
        this.host = engine.policies();
        this.dryRuns = dryRuns;
        this.rollouts = rollouts;
    }

    /** Where a project stands: the version it decides under, and its pin (null when it follows the active policy). */
    public record PinView(String projectId, String policyVersion, PinPolicy pinned) {
        static PinView of(ProjectRuntime rt) {
            return new PinView(rt.projectId(), rt.policyVersion(), rt.pin());
        }
    }

    /** The project's policy and pin. */
    public PinView pinOf(Caller caller, String projectId) {
        caller.mustOperate("read a project's pin");
        return PinView.of(runtime(projectId));
    }

    /**
     * Pins the project to a version that went live (404 for one the archive does not hold, 409 for a candidate
     * never activated: dry-run it, or activate it); journaled as {@code policy_pin}, and the project moves to it.
     */
    public PinView pin(Caller caller, String projectId, PinPolicy pin) throws IOException {
        ProjectRuntime rt = runtime(projectId);
        notInRollout(projectId);
        host.archivedFiles(pin.version());
        if (!host.wentLive(pin.version())) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_never_live", "policy " + pin.version()
                    + " is a candidate that never went live: a project is pinned only to a version that did (dry-run it"
                    + " with POST /api/projects/" + projectId + "/dry-run, or activate it)",
                    List.of(new Problem("$.version", "never went live")));
        }
        host.archived(pin.version()); // compiled now (bounded, 429 while another compile runs), not under the project's lock
        rt.pin(new PinPolicy(pin.version(), pin.reason()), caller.name(), () -> { });
        return PinView.of(rt);
    }

    /** Unpins the project (journaled as {@code policy_unpin}); it moves to the active policy. 409 when not pinned. */
    public PinView unpin(Caller caller, String projectId) {
        ProjectRuntime rt = runtime(projectId);
        notInRollout(projectId);
        rt.unpin(caller.name());
        return PinView.of(rt);
    }

    /**
     * Replays the project's journal, as it is now, under {@code request.version()} and as it ran, in scratch
     * copies (nothing journaled, nothing published, the project untouched), and says what would have been
     * different. A project with an open run is replayed as a snapshot of its journal; a simulation beside an
     * open run is refused (409).
     */
    public DecisionDiff dryRun(Caller caller, String projectId, DryRunRequest request) throws IOException {
        caller.mustOperate("dry-run a policy");
        ProjectRuntime rt = runtime(projectId);
        RunRequest simulate = null;
        if (request.simulate() != null) {
            simulate = RunService.complete(request.simulate(), rt.read(s -> s.spec()));
            if (RunRequest.INCREMENTAL.equals(simulate.mode())) {
                throw new CommandException(CommandException.Kind.INVALID, "invalid_request", "1 problem(s) in the request",
                        List.of(new Problem("$.simulate.mode", "a dry run simulates to the end: fully_automated or "
                                + "simulation, not incremental")));
            }
        }
        Policy candidate = host.archived(request.version());
        return DecisionDiff.of(projectId, candidate.version(), dryRuns.now(rt, candidate, simulate), simulate);
    }

    /** Refuses to change the pin of a canary project of a running roll-out: the roll-out's pin ends with it. */
    private void notInRollout(String projectId) {
        rollouts.holder(projectId).ifPresent(id -> {
            throw new CommandException(CommandException.Kind.CONFLICT, "project_in_rollout", "project " + projectId
                    + " is a canary of roll-out " + id + ", which pins it: promote or abort the roll-out first (POST "
                    + "/api/rollouts/" + id + "/promote or /abort)");
        });
    }

    private ProjectRuntime runtime(String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return projects.get(projectId);
    }
}
