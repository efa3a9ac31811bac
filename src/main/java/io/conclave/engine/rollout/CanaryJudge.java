package io.conclave.engine.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.kie.api.runtime.KieSession;

import io.conclave.engine.owner.Firing;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;
import io.conclave.model.CommandException;
import io.conclave.model.rollout.CanaryGuards;
import io.conclave.model.rollout.CanaryProject;
import io.conclave.model.rollout.GuardClock;
import io.conclave.model.rollout.GuardVerdict;
import io.conclave.model.rollout.Verdict;
import io.conclave.engine.policy.Outputs;

/**
 * Judges a roll-out by the rules of the {@code rollouts/} chapter of a policy (the active one: a version on trial
 * does not judge itself): one throwaway session holds the roll-out's guards, the clock and one fact per canary
 * project; the rules insert the verdicts. Java only hosts the session and reads the verdicts back. Firing is
 * capped like a command, and the rules' code runs within the budget of time, depth and memory of one.
 */
public final class CanaryJudge {
    /** The chapter that holds the guards. */
    public static final String CHAPTER = "rollouts";

    private CanaryJudge() {
    }

    /**
     * What the rules said: the guards that tripped (by project, then guard), and otherwise whether the roll-out is
     * healthy or may be promoted (null when no rule said either).
     */
    public record Judgement(String policyVersion, List<Verdict> trips, Verdict health) {
        public boolean tripped() {
            return !trips.isEmpty();
        }

        public boolean promotable() {
            return trips.isEmpty() && health != null && Verdict.PROMOTABLE.equals(health.kind());
        }
    }

    /** True when the policy has at least one rule in the {@code rollouts/} chapter. */
    public static boolean hasGuards(Policy policy) {
        return policy.chapters().stream().anyMatch(c -> CHAPTER.equals(c.name()) && c.rules() > 0);
    }

    /**
     * Judges {@code projects} of the roll-out {@code guards} at {@code clock} under {@code policy}. Throws
     * {@link CommandException} (POLICY) when the rules loop past {@code maxFirings} or fail.
     */
    public static Judgement judge(Policy policy, CanaryGuards guards, GuardClock clock, List<CanaryProject> projects,
                                  int maxFirings) {
        io.conclave.engine.budget.Budget.Scope own = io.conclave.engine.budget.Budget.current() == null
                ? io.conclave.engine.budget.Budget.arm() : null;
        VerdictListener listener = new VerdictListener(policy.version());
        KieSession session = Firing.open(policy, SessionKind.ROLLOUT, listener);
        try {
            session.insert(guards);
            session.insert(clock);
            projects.forEach(session::insert);
            int fired = Firing.fire(session, listener, maxFirings);
            if (fired > maxFirings) {
                throw Firing.loop(maxFirings + " rules for one judgement of a roll-out", listener);
            }
            List<GuardVerdict> verdicts = new ArrayList<>();
            verdicts.addAll(Outputs.read(session, Outputs.GUARD_VERDICTS));
            verdicts.sort(Comparator.comparing((GuardVerdict v) -> v.getProjectId() == null ? "" : v.getProjectId())
                    .thenComparing(v -> v.getGuard() == null ? "" : v.getGuard()));
            List<Verdict> trips = verdicts.stream().filter(GuardVerdict::isTripped).map(GuardVerdict::toVerdict).toList();
            Verdict health = verdicts.stream().filter(v -> !v.isTripped()).map(GuardVerdict::toVerdict).findFirst()
                    .orElse(null);
            return new Judgement(policy.version(), trips, trips.isEmpty() ? health : null);
        } catch (io.conclave.engine.budget.BudgetExceeded | StackOverflowError | OutOfMemoryError e) {
            throw Firing.failed(e, listener.firingRule());
        } finally {
            session.dispose();
            if (own != null) {
                own.close();
            }
        }
    }
}
