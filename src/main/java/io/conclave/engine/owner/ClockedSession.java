package io.conclave.engine.owner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.model.Fact;
import io.conclave.model.LedgerEntry;
import io.conclave.model.Refusal;
import io.conclave.model.Now;
import io.conclave.engine.policy.Outputs;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;

/**
 * A Drools session of one owner (a meeting, a conversation) whose rules read the time from a
 * {@link Now} fact set to each command's journaled time, so a replay decides the same. Commands are
 * inserted, fired under the firing cap, and answered with the policy's refusal or null; the
 * decisions of type {@code D} the rules insert are moved to the owner's ledger. Not thread-safe: the
 * owner's runtime serialises every call.
 */
public abstract class ClockedSession<D extends LedgerEntry> implements OwnerSession, AutoCloseable {
    private final int maxFirings;
    private final SessionKind kind;
    private final Class<D> decisionType;
    private final List<D> ledger = new ArrayList<>();
    /** Decisions let go of the ledger in memory ({@link #forgetDecisions}): the ledger holds the ones after them. */
    private long forgotten;
    private Policy policy;
    private KieSession session;
    private LedgerListener listener;
    private FactHandle nowHandle;
    private Now now;
    private long commandSeq;
    private long firedThisCommand;

    public ClockedSession(Policy policy, SessionKind kind, int maxFirings, Class<D> decisionType) {
        this.policy = policy;
        this.kind = kind;
        this.maxFirings = maxFirings;
        this.decisionType = decisionType;
    }

    /** Opens the session at {@code at} with the owner's first facts, in the order given, and fires. */
    public final void begin(List<?> facts, long at, long seq) {
        open(policy);
        begin(seq);
        try {
            facts.forEach(session::insert);
            now = new Now(at);
            nowHandle = session.insert(now);
            fire();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(Policy p) {
        listener = new LedgerListener(p.version());
        session = Firing.open(p, kind, listener);
        policy = p;
    }

    private void begin(long seq) {
        if (seq != commandSeq) {
            firedThisCommand = 0; // a tick before a command belongs to the command's count
        }
        commandSeq = seq;
        listener.beginCommand(seq);
    }

    /** Rule firings of the current command so far. */
    public long firedThisCommand() {
        return firedThisCommand;
    }

    /** The chapters whose rules fired during the current command. */
    public java.util.Set<String> chaptersThisCommand() {
        return listener.chapters();
    }

    /** Moves the clock to {@code at} and lets the time limits that passed take effect. Returns the decisions. */
    public List<D> tick(long at, long seq) {
        begin(seq);
        int before = ledger.size();
        setNow(at);
        fire();
        return List.copyOf(ledger.subList(before, ledger.size()));
    }

    /**
     * Decides one command at {@code at}: null when a rule accepted it (its decisions are at the end of
     * the ledger), otherwise the policy's refusal, or a generic one when no rule handled it.
     */
    public Refusal decide(Object command, long at, long seq) {
        begin(seq);
        setNow(at);
        FactHandle h = session.insert(command);
        fire();
        return Firing.answer(session, h, () -> "no rule of policy " + policy.version() + " handles " + command);
    }

    private void setNow(long at) {
        if (at > now.getMillis()) {
            now.setMillis(at);
            session.update(nowHandle, now);
        }
    }

    private void fire() {
        int fired = Firing.fire(session, listener, maxFirings);
        firedThisCommand += fired;
        for (LedgerEntry e : listener.drain(session)) {
            if (decisionType.isInstance(e)) {
                D d = decisionType.cast(e);
                d.stamp(forgotten + ledger.size() + 1L, commandSeq, d.getRule(), d.getPolicyVersion(), d.getMatchedFacts());
                ledger.add(d);
            }
        }
        if (fired > maxFirings) {
            throw Firing.loop(maxFirings + " rules for one command", listener);
        }
    }

    /** Inserts a fact the owner keeps beside the rules' own (a stored message); the next command's rules see it. */
    protected final void keep(Object fact) {
        session.insert(fact);
    }

    /** True when the current command changed working memory beyond inserting and answering the command. */
    public boolean changedThisCommand() {
        return listener.changedState();
    }

    /** Moves to another policy: a new session from its KieBase with every owned fact re-inserted in a stable order. */
    public void switchTo(Policy next, long seq) {
        List<Object> facts = new ArrayList<>(session.getObjects(o -> o instanceof Fact && !(o instanceof Now)));
        facts.sort(Comparator.<Object, String>comparing(o -> o.getClass().getName())
                .thenComparing(o -> ((Fact) o).factKey()));
        session.dispose();
        open(next);
        begin(seq);
        facts.forEach(session::insert);
        nowHandle = session.insert(now);
        fire();
    }

    public Policy policy() { return policy; }
    /** The decisions in memory: every one, or the newest ones when the owner lets older ones go. */
    public List<D> ledger() { return ledger; }

    /** How many decisions the session made in all, those let go included. */
    public long decisionCount() { return forgotten + ledger.size(); }

    /**
     * Lets go of all but the newest {@code keep} decisions of the ledger in memory (the owner keeps them elsewhere);
     * the numbering goes on. Returns those let go, oldest first.
     */
    public List<D> forgetDecisions(int keep) {
        int drop = ledger.size() - keep;
        if (drop <= 0) {
            return List.of();
        }
        List<D> gone = new ArrayList<>(ledger.subList(0, drop));
        ledger.subList(0, drop).clear();
        forgotten += drop;
        return gone;
    }

    /** What the policy's query gives for {@code output} (a fact the rules derive: {@link Outputs}). */
    public <T> List<T> outputs(Outputs<T> output) {
        return Outputs.read(session, output);
    }

    /** Every fact of a type the application inserted, in no particular order (outputs: {@link #outputs}). */
    public <T> List<T> facts(Class<T> type) {
        Outputs.notAnOutput(type);
        // readers of an owner whose reads share its read lock ask at once, and Drools' object store files a class
        // it is first asked for in a plain map: one reader at a time asks it
        synchronized (session) {
            Collection<?> objects = session.getObjects(new ClassObjectFilter(type));
            List<T> out = new ArrayList<>(objects.size());
            objects.forEach(o -> out.add(type.cast(o)));
            return out;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.dispose();
        }
    }
}
