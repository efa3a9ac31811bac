package io.conclave.engine.owner;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.KieServices;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.engine.budget.Budget;
import io.conclave.engine.budget.BudgetExceeded;
import io.conclave.model.CommandException;
import io.conclave.model.Refusal;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.RuleWatch;
import io.conclave.engine.policy.SessionKind;

/** Opening and firing sessions, shared by projects, meetings and negotiations: firing is capped, failures name the rule. */
public final class Firing {
    /**
     * One session configuration for every session: building one reads Drools' property files from the
     * class path (a scan of every jar), which cost a simulated call for proposals, that opens a session of
     * its own, about as much as its thousand answers. Never changed after this, so sessions may share it.
     */
    private static final KieSessionConfiguration PSEUDO_CLOCK = pseudoClock();

    private Firing() {
    }

    private static KieSessionConfiguration pseudoClock() {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        return conf;
    }

    /**
     * Fires at most {@code budget + 1} rules and returns how many fired; a consequence that throws, recurses
     * without end or passes a bound of the command's {@link Budget} is reported as the policy's failure,
     * naming the rule.
     */
    public static int fire(KieSession session, RuleWatch listener, int budget) {
        int fired;
        try {
            fired = session.fireAllRules(budget + 1);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            throw failed(e, listener.firingRule());
        }
        if (listener.inputDeleted() != null) {
            throw new CommandException(CommandException.Kind.POLICY, "input_deleted", listener.inputDeleted()
                    + ", which a command put in: a policy decides about what commands bring, it may not remove it. "
                    + "Nothing of this command was kept.");
        }
        if (listener.timedOut()) {
            throw new CommandException(CommandException.Kind.POLICY, "rule_timeout", "the policy ran longer than "
                    + Budget.limits().millis() + " ms for one command (conclave.max-command-millis) and was cut off; "
                    + "busiest: " + listener.busiestRules(3) + ". Nothing of this command was kept.");
        }
        return fired;
    }

    /**
     * The refusal of rule code that failed: stopped by its budget (422 naming the bound), or threw, overflowed
     * the stack or ran out of memory (422 rule_failed). {@code rule}: the rule firing then, or null when the
     * code ran in a condition (evaluated as facts are inserted or changed).
     */
    public static CommandException failed(Throwable e, String rule) {
        BudgetExceeded stop = BudgetExceeded.in(e);
        if (stop != null) {
            String where = rule != null ? "rule '" + rule + "'" : stop.where() != null ? stop.where() + " (in a condition)"
                    : "the policy";
            return new CommandException(CommandException.Kind.POLICY, stop.limit().code(), where + " was stopped: it "
                    + stop.getMessage() + ". Nothing of this command was kept.");
        }
        if (e instanceof Error && !(e instanceof StackOverflowError) && !(e instanceof OutOfMemoryError)) {
            throw (Error) e;
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new CommandException(CommandException.Kind.POLICY, "rule_failed",
                (rule == null ? "the policy" : "rule '" + rule + "'") + " failed: " + cause
                        + ". Nothing of this command was kept.");
    }

    /** Sets the wall time one command may take, in milliseconds (0: none); the budget's other bounds stay. */
    public static void limitCommandMillis(long millis) {
        Budget.configure(Budget.limits().withMillis(millis));
    }

    /**
     * Arms the budget of one command on this thread (time, depth, memory of its rule code) until the scope
     * is closed. Live commands and replayed entries alike: a replay runs the same code.
     */
    static Budget.Scope startCommandClock() {
        return Budget.arm();
    }

    static boolean pastDeadline() {
        return Budget.pastDeadline();
    }

    /** The refusal of a command whose rules fired more than {@code limit} times. */
    public static CommandException loop(String limit, RuleWatch listener) {
        return new CommandException(CommandException.Kind.POLICY, "rule_loop",
                "the policy fired more than " + limit + " and was cut off; busiest: " + listener.busiestRules(3)
                        + ". Nothing of this command was kept.");
    }

    /**
     * The answer to a command fact after firing: null when a rule consumed it without refusing; the
     * first refusal a rule inserted; or a generic one when no rule handled it. Refusals and an
     * unhandled command are taken out of the session.
     */
    public static Refusal answer(KieSession session, FactHandle command, java.util.function.Supplier<String> unhandled) {
        List<Refusal> refusals = new ArrayList<>();
        // a class filter walks the refusals only, not the whole working memory
        session.getObjects(new ClassObjectFilter(Refusal.class)).forEach(o -> refusals.add((Refusal) o));
        for (Refusal r : refusals) {
            session.delete(session.getFactHandle(r));
        }
        if (session.getObject(command) != null) {
            session.delete(command);
            if (refusals.isEmpty()) {
                return new Refusal("not_handled", unhandled.get());
            }
        }
        return refusals.isEmpty() ? null : refusals.get(0);
    }

    /** A new session of the policy's chapters for {@code kind} on a pseudo clock, with {@code listener} watching its agenda and facts. */
    public static <L extends AgendaEventListener & RuleRuntimeEventListener> KieSession open(Policy p, SessionKind kind, L listener) {
        KieSession session = p.kieBase(kind).newKieSession(PSEUDO_CLOCK, null);
        session.addEventListener((AgendaEventListener) listener);
        session.addEventListener((RuleRuntimeEventListener) listener);
        return session;
    }
}
