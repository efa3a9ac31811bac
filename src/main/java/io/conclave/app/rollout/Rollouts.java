package io.conclave.app.rollout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.access.Caller;
import io.conclave.app.policy.DryRunGate;
import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.rollout.CanaryJudge;
import io.conclave.journal.RolloutLog;
import io.conclave.journal.RolloutRecord;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.rollout.RolloutRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Canary roll-outs of a policy version: a share of the projects (or a list) decides under the version while the
 * others keep the active one; the guard rules of the active policy judge the canary projects as they work, and a
 * guard that trips sends them back by itself; a roll-out that stayed healthy for its window is promoted to every
 * project in one call, or aborted by hand. One roll-out runs at a time. Starting, promoting and aborting are the
 * admins'; reading is the operators' too. Roll-outs are kept in the roll-out log and found again after a restart,
 * which finishes what a stop interrupted.
 */
@ApplicationScoped
public class Rollouts {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Rollouts.class);
    private final Engine engine;
    private final PolicyHost host;
    private final ProjectRegistry projects;
    private final RolloutBook book;
    private final CanaryMoves moves;
    private final CanaryWatch watch;

    public Rollouts(Engine engine, EventHub hub, DryRunGate dryRuns, ConclaveConfig config) {
        this.engine = engine;
        this.host = engine.policies();
        this.projects = engine.projects();
        this.book = new RolloutBook(new RolloutLog(config.dataDir().resolve("policies").resolve("rollouts.jsonl")));
        this.moves = new CanaryMoves(book, projects, host, hub);
        this.watch = new CanaryWatch(book, moves, projects, host, dryRuns, config.maxFiringsPerCommand());
        engine.onCommand(watch::commandDone);
        hub.subscribe(0, e -> "PROJECT_CREATED".equals(e.type()), e -> watch.created(e.projectId()));
    }

    /** Finds every roll-out again once the projects are back, finishes what a stop interrupted, and watches. */
    void onStart(@Observes @Priority(12) StartupEvent event) throws IOException {
        book.load();
        if (engine.cluster() != null) {
            return;
        }
        watch.later(() -> {
            synchronized (book) {
                for (Rollout r : book.all()) {
                    try {
                        if (moves.resume(r)) {
                            watch.watch(r);
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "roll-out %s could not be resumed after the start", r.id);
                    }
                }
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        watch.close();
    }

    /**
     * Starts a roll-out of {@code version}: checked, written to the log, the version marked in its history as rolled
     * out (journals will replay under it, so it is never dropped), each picked project moved to it. 404 for an
     * unknown version or project, 409 when another roll-out runs, the version is active, a named project is pinned,
     * no project is picked or the active policy has no guard rules.
     */
    public RolloutView start(Caller caller, String version, RolloutRequest request) throws IOException {
        mayChange(caller, true);
        Policy active = host.active();
        if (active == null) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_policy", "no valid policy is active");
        }
        host.archivedFiles(version);
        if (active.version().equals(version)) {
            throw conflict("policy_active", "policy " + version + " is active already: every project runs it");
        }
        host.archived(version); // compiled now, through the gate (429 while another compile runs)
        if (!CanaryJudge.hasGuards(active)) {
            throw conflict("no_guard_rules", "the active policy " + active.version() + " has no rule in rollouts/:"
                    + " nothing would judge the canary");
        }
        Rollout r;
        synchronized (book) {
            Optional<Rollout> running = book.running();
            if (running.isPresent()) {
                throw conflict("rollout_running", "roll-out " + running.get().id + " of policy " + running.get().version
                        + " is running: promote or abort it first");
            }
            r = moves.begin(version, active.version(), request, pick(request), caller.name());
        }
        watch.watch(r);
        return view(r);
    }

    /** The projects a request picks: the list as named (each must exist, none pinned), or the share's. */
    private List<String> pick(RolloutRequest request) {
        if (request.projects() == null) {
            List<String> out = new ArrayList<>();
            for (ProjectRuntime p : projects.all()) {
                if (p.pin() == null && ProjectPlaces.within(p.projectId(), request.share())) {
                    out.add(p.projectId());
                }
            }
            if (out.isEmpty()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "no_canary_projects", "a share of "
                        + request.share() + " picks none of the " + projects.all().size() + " unpinned project(s): raise"
                        + " it, or name the projects", List.of(new Problem("$.share", "picks no project")));
            }
            return out.stream().sorted().toList();
        }
        List<Problem> unknown = new ArrayList<>();
        List<Problem> pinned = new ArrayList<>();
        for (int i = 0; i < request.projects().size(); i++) {
            String id = request.projects().get(i);
            try {
                ProjectRuntime p = projects.get(id);
                if (p.pin() != null) {
                    pinned.add(new Problem("$.projects[" + i + "]", "is pinned to policy " + p.pin().version()
                            + ": unpin it first"));
                }
            } catch (CommandException e) {
                unknown.add(new Problem("$.projects[" + i + "]", "no project '" + id + "'"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "project_not_found", unknown.size()
                    + " project(s) of the list do not exist", unknown);
        }
        if (!pinned.isEmpty()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "project_pinned", pinned.size()
                    + " project(s) of the list are pinned: a pinned project keeps its version", pinned);
        }
        return request.projects();
    }

    /**
     * Promotes a running roll-out: the guards judge it once more (every differing decision measured again); a trip
     * rolls it back (409 rollout_rolled_back), a roll-out whose window still runs is refused (409
     * rollout_window_open); else the version is activated for every owner and the canary projects follow it.
     */
    public RolloutView promote(Caller caller, String id) throws IOException {
        mayChange(caller, true);
        Rollout r = runningOne(id);
        CanaryJudge.Judgement j = watch.judge(id, true);
        synchronized (book) {
            if (!r.running()) {
                throw conflict(r.state == Rollout.State.ROLLED_BACK ? "rollout_rolled_back" : "rollout_finished",
                        "roll-out " + id + " is " + state(r) + (r.reason == null ? "" : ": " + r.reason));
            }
            if (j == null || !j.promotable()) {
                throw conflict("rollout_window_open", "roll-out " + id + " may not be promoted yet: "
                        + (r.lastVerdict == null ? "its guards have not judged it" : r.lastVerdict.reason()));
            }
            PolicyAttempt attempt = host.activate(r.version, caller.name(), "POST /api/rollouts/" + id + "/promote");
            if (!attempt.activated()) {
                throw new CommandException(CommandException.Kind.POLICY, "invalid_policy", "policy " + r.version
                        + " did not go live; the roll-out goes on: " + attempt.messages());
            }
            moves.end(r, RolloutRecord.PROMOTED, caller.name(), j.health().reason(), List.of(),
                    "roll-out " + id + " promoted: policy " + r.version + " is active");
        }
        return view(r);
    }

    /** Aborts a running roll-out by hand: every canary project goes back, with the reason given. */
    public RolloutView abort(Caller caller, String id, String reason) {
        mayChange(caller, false);
        synchronized (book) {
            Rollout r = runningOne(id);
            String why = reason == null || reason.isBlank() ? "aborted by " + caller.name() : reason;
            moves.end(r, RolloutRecord.ABORTED, caller.name(), why, List.of(), "roll-out " + id + " aborted by "
                    + caller.name() + ": " + why);
            return view(r);
        }
    }

    /** Every roll-out, newest first. */
    public List<RolloutView> list(Caller caller) {
        caller.mustOperate("read roll-outs");
        synchronized (book) {
            return book.all().stream().map(this::view).toList();
        }
    }

    /** One roll-out (404 when there is none). */
    public RolloutView get(Caller caller, String id) {
        caller.mustOperate("read roll-outs");
        synchronized (book) {
            return view(book.get(id));
        }
    }

    /** The running roll-out a project is a canary of, if any: its pin is the roll-out's until it ends. */
    public Optional<String> holder(String projectId) {
        return book.holder(projectId);
    }

    /** The running roll-out, if any. */
    public Optional<RolloutView> running() {
        synchronized (book) {
            return book.running().map(this::view);
        }
    }

    private Rollout runningOne(String id) {
        synchronized (book) {
            Rollout r = book.get(id);
            if (!r.running()) {
                throw conflict("rollout_finished", "roll-out " + id + " is " + state(r) + " already");
            }
            return r;
        }
    }

    private RolloutView view(Rollout r) {
        return RolloutView.of(r, projects);
    }

    private void mayChange(Caller caller, boolean edits) {
        if (!caller.isAdmin()) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "forbidden", "only an admin rolls policies out");
        }
        if (engine.cluster() != null) {
            throw conflict("rollouts_single_node", "roll-outs run on one node; this node is part of a cluster");
        }
        if (edits && !host.remoteEdits()) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "rule_edits_disabled", "rule edits over the API"
                    + " are switched off (conclave.rules.remote-edit=false): a roll-out changes which rules decide");
        }
    }

    static String state(Rollout r) {
        return r.state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static CommandException conflict(String code, String message) {
        return new CommandException(CommandException.Kind.CONFLICT, code, message);
    }
}
