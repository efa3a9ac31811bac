package io.conclave.app.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.conclave.app.policy.DecisionDiff;
import io.conclave.app.policy.DryRunGate;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.DryRun;
import io.conclave.engine.project.ProjectListing;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.rollout.CanaryJudge;
import io.conclave.journal.RolloutRecord;
import io.conclave.model.CommandException;
import io.conclave.model.rollout.CanaryGuards;
import io.conclave.model.rollout.CanaryProject;
import io.conclave.model.rollout.GuardClock;
import io.conclave.model.rollout.Verdict;

/**
 * Watches the canary projects as they work and has the guard rules judge them: after every command a canary
 * project handled (accepted or refused), a worker of its own reads what the project has now, measures its differing
 * decisions when the roll-out has that guard (a dry run under the version the others run, one at a time with the
 * other dry runs), and asks the rules of the active policy ({@link CanaryJudge}); a tripped guard rolls every canary
 * project back, by itself. Commands arriving while a project is looked at cause one more look, not one each.
 */
final class CanaryWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CanaryWatch.class);

    private final RolloutBook book;
    private final CanaryMoves moves;
    private final ProjectRegistry projects;
    private final PolicyHost host;
    private final DryRunGate dryRuns;
    private final int maxFirings;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** Canary projects that worked since their differing decisions were measured. */
    private final Set<String> drifted = ConcurrentHashMap.newKeySet();
    // Own thread: judgements run one at a time, off the commands' threads (which hold their projects' locks).
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conclave-rollouts");
        t.setDaemon(true);
        return t;
    });

    CanaryWatch(RolloutBook book, CanaryMoves moves, ProjectRegistry projects, PolicyHost host, DryRunGate dryRuns,
                int maxFirings) {
        this.book = book;
        this.moves = moves;
        this.projects = projects;
        this.host = host;
        this.dryRuns = dryRuns;
        this.maxFirings = maxFirings;
    }

    /** Told of every command an owner handled: a canary project's is counted (refused) and looked at. */
    void commandDone(JournaledRuntime.Done done) {
        if (!"project".equals(done.kind())) {
            return;
        }
        book.holder(done.id()).ifPresent(rollout -> {
            if ("refused".equals(done.outcome())) {
                worker.execute(() -> refused(rollout, done));
            } else {
                drifted.add(done.id());
            }
            look(done.id());
        });
    }

    /** Looks at a project soon (once, however often it is asked meanwhile). */
    void look(String projectId) {
        if (pending.add(projectId)) {
            worker.execute(() -> {
                pending.remove(projectId);
                book.holder(projectId).ifPresent(id -> judge(id, false));
            });
        }
    }

    /** Looks at every canary project of a roll-out now, and again once its window ends. */
    void watch(Rollout r) {
        worker.execute(() -> judge(r.id, false));
        long delay = Math.max(0, r.windowEndsAt().toEpochMilli() - System.currentTimeMillis()) + 1;
        worker.schedule(() -> judge(r.id, false), delay, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the watch's worker (after what it has to do already). */
    void later(Runnable task) {
        worker.execute(task);
    }

    private void refused(String rolloutId, JournaledRuntime.Done done) {
        synchronized (book) {
            Rollout r = book.get(rolloutId);
            if (r.running() && r.version.equals(done.policyVersion()) && r.canaries.containsKey(done.id())) {
                book.record(RolloutRecord.project(Instant.now(), rolloutId, RolloutRecord.REFUSED, null, done.id(),
                        null, null, done.type(), null));
            }
        }
    }

    /**
     * Has the guard rules judge a running roll-out and acts on what they say: a trip rolls it back. {@code fresh}:
     * measure every differing decision again (a promotion), not only those of projects that worked since.
     */
    CanaryJudge.Judgement judge(String rolloutId, boolean fresh) {
        try {
            Rollout r;
            synchronized (book) {
                r = book.get(rolloutId);
                if (!r.running()) {
                    return null;
                }
            }
            List<CanaryProject> facts = observe(r, fresh);
            synchronized (book) {
                if (!r.running()) {
                    return null;
                }
                return act(r, facts);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "judging roll-out %s failed", rolloutId);
            return null;
        }
    }

    /** Judges under the active policy and rolls back on a trip; under the book's lock. */
    private CanaryJudge.Judgement act(Rollout r, List<CanaryProject> facts) {
        Policy judge = host.active();
        if (judge == null || !CanaryJudge.hasGuards(judge)) {
            r.lastVerdict = Verdict.ofService("UNJUDGED", null, null, "the active policy "
                    + (judge == null ? "(none)" : judge.version()) + " has no rule in rollouts/: nothing judges this"
                    + " roll-out, and it may not be promoted");
            return null;
        }
        CanaryGuards guards = new CanaryGuards(r.id, r.version, judge.version(), r.request.guards(),
                r.windowEndsAt().toEpochMilli());
        CanaryJudge.Judgement j;
        try {
            j = CanaryJudge.judge(judge, guards, new GuardClock(System.currentTimeMillis()), facts, maxFirings);
        } catch (CommandException e) {
            // guards that cannot judge cannot vouch for the version: back to the one the others run
            Verdict failed = Verdict.ofService(Verdict.TRIPPED, null, "guard_rules", "the guard rules of policy "
                    + judge.version() + " failed: " + e.getMessage());
            moves.rollBack(r, List.of(failed));
            return new CanaryJudge.Judgement(judge.version(), List.of(failed), null);
        }
        if (j.tripped()) {
            moves.rollBack(r, j.trips());
        } else {
            boolean newlyPromotable = j.promotable() && (r.lastVerdict == null
                    || !Verdict.PROMOTABLE.equals(r.lastVerdict.kind()));
            r.lastVerdict = j.health();
            if (newlyPromotable) {
                moves.publish("ROLLOUT_PROMOTABLE", r, null);
            }
        }
        return j;
    }

    /** What each canary project has now, in the facts the guard rules read; outside the book's lock. */
    private List<CanaryProject> observe(Rollout r, boolean fresh) {
        List<Rollout.Canary> canaries;
        synchronized (book) {
            canaries = r.present();
        }
        List<CanaryProject> out = new ArrayList<>();
        for (Rollout.Canary c : canaries) {
            ProjectRuntime rt;
            try {
                rt = projects.get(c.projectId);
            } catch (CommandException gone) {
                synchronized (book) {
                    if (r.running() && c.present()) {
                        moves.leave(r, c.projectId, JournaledRuntime.SERVICE_ACTOR, "the project was deleted");
                    }
                }
                continue;
            }
            ProjectListing l = rt.summary();
            int differing = differing(r, c, rt, fresh);
            int refused;
            synchronized (book) {
                refused = c.refused;
            }
            out.add(new CanaryProject(r.id, c.projectId, c.unassignableBefore, CanaryMoves.unassignable(l), refused,
                    differing, c.failedRunsBefore, CanaryMoves.failedRuns(l)));
        }
        return out;
    }

    /** The decisions the others' version would not have made on the project's history; -1 when not guarded. */
    private int differing(Rollout r, Rollout.Canary c, ProjectRuntime rt, boolean fresh) {
        if (r.request.guards().differingDecisions() == null) {
            return -1;
        }
        boolean worked = drifted.remove(c.projectId);
        synchronized (book) {
            if (!fresh && !worked && c.differing != null) {
                return c.differing;
            }
        }
        Policy others = host.active();
        DryRun.Result result = dryRuns.await(rt, others);
        int onlyNow = DecisionDiff.of(c.projectId, others.version(), result, null).counts().onlyNow();
        synchronized (book) {
            c.differing = onlyNow;
        }
        return onlyNow;
    }

    /**
     * A project was created: in a roll-out to a share of the projects, it joins when its place falls in the share
     * (as it would have at the start), unless it is pinned; in a roll-out to a list, it does not. A newcomer that
     * cannot take the version is a failed canary, as a project picked at the start would be.
     */
    void created(String projectId) {
        worker.execute(() -> {
            synchronized (book) {
                book.running().filter(r -> r.request.share() != null && !r.canaries.containsKey(projectId)
                        && ProjectPlaces.within(projectId, r.request.share())).ifPresent(r -> {
                            try {
                                moves.joinOrRollBack(r, projectId, JournaledRuntime.SERVICE_ACTOR);
                                if (r.running() && r.canaries.containsKey(projectId)) {
                                    look(projectId);
                                }
                            } catch (CommandException e) {
                                LOG.infof("project %s stays out of roll-out %s: %s", projectId, r.id, e.getMessage());
                            }
                        });
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
