package io.conclave.app.rollout;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.conclave.app.EventHub;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectListing;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.PolicyRecord;
import io.conclave.journal.RolloutRecord;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;
import io.conclave.model.command.PinPolicy;
import io.conclave.model.rollout.RolloutRequest;
import io.conclave.model.rollout.Verdict;
import io.conclave.model.run.RunStatus;

/**
 * Moves projects into a roll-out and out of it, and ends one. A canary project is pinned to the version on trial
 * (a journaled {@code policy_pin}: it moves to the version at once and keeps it through activations and restarts);
 * leaving, it is unpinned with the reason (a journaled {@code policy_unpin}) and follows the active policy again,
 * journaled as a switch. Each move is written to the roll-out log after the project journaled it; an end is written
 * before the moves it causes, so a restart finishes them. Called under the book's lock.
 */
final class CanaryMoves {
    private static final Logger LOG = Logger.getLogger(CanaryMoves.class);

    private final RolloutBook book;
    private final ProjectRegistry projects;
    private final PolicyHost host;
    private final EventHub hub;

    CanaryMoves(RolloutBook book, ProjectRegistry projects, PolicyHost host, EventHub hub) {
        this.book = book;
        this.projects = projects;
        this.host = host;
        this.hub = hub;
    }

    /**
     * Moves a project into the roll-out: pinned to its version, with what it has at that moment (read under the
     * project's lock, before the move) written to the log. 409 when the project is pinned already.
     */
    void join(Rollout r, String projectId, String actor) {
        ProjectRuntime rt = projects.get(projectId);
        int[] before = new int[2];
        PinPolicy held = rt.pin();
        if (held != null && held.version().equals(r.version) && pinReason(r).equals(held.reason())) {
            // moved before a stop, whose record never was written: what it had then is lost, what it has now stands in
            ProjectListing l = rt.summary();
            book.record(RolloutRecord.project(Instant.now(), r.id, RolloutRecord.JOINED, actor, projectId,
                    unassignable(l), failedRuns(l), null, "joined before a restart"));
            return;
        }
        rt.pin(new PinPolicy(r.version, pinReason(r)), actor, () -> {
            if (rt.pin() != null) {
                throw pinned(projectId, rt.pin().version());
            }
            ProjectListing l = rt.summary();
            before[0] = unassignable(l);
            before[1] = failedRuns(l);
        });
        book.record(RolloutRecord.project(Instant.now(), r.id, RolloutRecord.JOINED, actor, projectId, before[0],
                before[1], null, null));
        publish("ROLLOUT_JOINED", r, projectId);
    }

    /**
     * Begins a roll-out: its start written to the log, the version's history saying it is rolled out (journals will
     * replay under it, so it is never dropped), the stream told, and each picked project joined.
     */
    Rollout begin(String version, String previous, RolloutRequest request, List<String> picked, String actor)
            throws IOException {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // the window's end in words
        String id = book.nextId();
        Rollout r = book.record(new RolloutRecord(now, id, RolloutRecord.STARTED, actor, version, previous, request,
                picked, null, null, null, null, request.note(), null));
        host.archive().record(new PolicyRecord(now, version, PolicyRecord.ROLLED_OUT, actor,
                "POST /api/policies/" + version + "/rollout", previous, "roll-out " + id + " to " + picked.size()
                + " project(s)"));
        publish("ROLLOUT_STARTED", r, null);
        for (String p : picked) {
            joinOrRollBack(r, p, actor);
        }
        return r;
    }

    /**
     * Joins a project to a running roll-out; a project that cannot take the version (its rules loop or fail on it) is
     * a failed canary, and the roll-out goes back. A project deleted or pinned meanwhile stays out.
     */
    void joinOrRollBack(Rollout r, String projectId, String actor) {
        if (!r.running()) {
            return;
        }
        try {
            join(r, projectId, actor);
        } catch (CommandException e) {
            if (e.kind() == CommandException.Kind.POLICY) {
                rollBack(r, List.of(Verdict.ofService(Verdict.TRIPPED, projectId, "join", "project " + projectId
                        + " could not take policy " + r.version + ": " + e.getMessage())));
            } else if (e.kind() != CommandException.Kind.NOT_FOUND && e.kind() != CommandException.Kind.CONFLICT) {
                throw e;
            }
        }
    }

    /** Rolls a roll-out back by itself for the verdicts given (the first says why): the service is the actor. */
    void rollBack(Rollout r, List<Verdict> trips) {
        String reason = trips.get(0).reason() + (trips.size() > 1 ? " (and " + (trips.size() - 1) + " more)" : "");
        r.lastVerdict = trips.get(0);
        end(r, RolloutRecord.ROLLED_BACK, JournaledRuntime.SERVICE_ACTOR, reason, trips,
                "roll-out " + r.id + " rolled back: " + reason);
    }

    /**
     * Finishes, after a start, what a stop interrupted: an ended roll-out's canary projects that had not left leave;
     * a running one whose version is active now (a stop between the promotion's activation and its record) is
     * promoted; a running one's picked projects that never joined join. True when the roll-out still runs.
     */
    boolean resume(Rollout r) {
        String actor = JournaledRuntime.SERVICE_ACTOR;
        if (!r.running()) {
            finish(r, actor, "roll-out " + r.id + " " + r.state.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " (finished after a restart)");
            return false;
        }
        io.conclave.engine.policy.Policy active = host.active();
        if (active != null && active.version().equals(r.version)) {
            end(r, RolloutRecord.PROMOTED, actor, "policy " + r.version + " is active (promoted before a restart)",
                    List.of(), "roll-out " + r.id + " promoted: policy " + r.version + " is active");
            return false;
        }
        for (String p : r.notJoined()) {
            joinOrRollBack(r, p, actor);
        }
        return r.running();
    }

    private static String pinReason(Rollout r) {
        return "canary of roll-out " + r.id;
    }

    /** Takes a project out of the roll-out: unpinned with {@code reason} when it is still on the version. */
    void leave(Rollout r, String projectId, String actor, String reason) {
        String why = reason;
        try {
            ProjectRuntime rt = projects.get(projectId);
            PinPolicy pin = rt.pin();
            if (pin != null && pin.version().equals(r.version)) {
                rt.unpin(actor, reason);
            }
        } catch (CommandException e) {
            if (e.kind() != CommandException.Kind.NOT_FOUND) {
                throw e;
            }
            why = "the project was deleted";
        }
        book.record(RolloutRecord.project(Instant.now(), r.id, RolloutRecord.LEFT, actor, projectId, null, null, null,
                why));
    }

    /**
     * Ends a running roll-out ({@code event}: rolled_back, aborted or promoted): written first, then every canary
     * project leaves, the version's history says so (a promotion's is its activation), and the stream hears it.
     */
    void end(Rollout r, String event, String actor, String reason, List<Verdict> verdicts, String leaving) {
        book.record(RolloutRecord.of(Instant.now(), r.id, event, actor, reason, verdicts));
        finish(r, actor, leaving);
        if (!RolloutRecord.PROMOTED.equals(event)) {
            try {
                host.archive().record(new PolicyRecord(Instant.now(), r.version, event.equals(RolloutRecord.ABORTED)
                        ? "rollout_aborted" : PolicyRecord.ROLLED_BACK, actor, "roll-out " + r.id, null, reason));
            } catch (IOException e) {
                LOG.warnf("roll-out %s ended, but the policy history could not say so: %s", r.id, e.getMessage());
            }
        }
        publish("ROLLOUT_" + event.toUpperCase(java.util.Locale.ROOT), r, null);
    }

    /** Every canary project still in an ended roll-out leaves it (after a stop, at the next start). */
    void finish(Rollout r, String actor, String leaving) {
        for (Rollout.Canary c : r.present()) {
            leave(r, c.projectId, actor, leaving);
        }
    }

    /** Publishes a roll-out event: the roll-out as it is listed, and the project it is about (null: none). */
    void publish(String type, Rollout r, String projectId) {
        com.fasterxml.jackson.databind.node.ObjectNode data = Json.MAPPER.createObjectNode()
                .put("rollout_id", r.id).put("version", r.version).put("previous_version", r.previous)
                .put("state", r.state.name().toLowerCase(java.util.Locale.ROOT)).put("project_id", projectId)
                .put("reason", r.reason);
        data.set("trips", Json.MAPPER.valueToTree(r.trips));
        hub.publish(ServiceEvent.policy(type, Instant.now(), data));
    }

    static int unassignable(ProjectListing l) {
        return l.tasksByStatus().getOrDefault("UNASSIGNABLE", 0);
    }

    static int failedRuns(ProjectListing l) {
        return (int) l.runs().stream().filter(s -> s == RunStatus.FAILED).count();
    }

    static CommandException pinned(String projectId, String version) {
        return new CommandException(CommandException.Kind.CONFLICT, "project_pinned", "project " + projectId
                + " is pinned to policy " + version + ": a pinned project keeps its version, so it is no canary");
    }
}
