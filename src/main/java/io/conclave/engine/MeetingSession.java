package io.conclave.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.model.Fact;
import io.conclave.model.LedgerEntry;
import io.conclave.model.Refusal;
import io.conclave.model.meeting.Ballot;
import io.conclave.model.meeting.Meeting;
import io.conclave.model.meeting.MeetingCommand;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.Now;
import io.conclave.model.meeting.Participant;
import io.conclave.model.meeting.Proposal;

/**
 * The Drools session of one meeting: the meeting, its participants, proposals and ballots as facts,
 * and a {@link Now} fact set to each command's time. Not thread-safe: {@link MeetingRuntime}
 * serialises every call. Firing is capped per command like a project's.
 */
public final class MeetingSession implements AutoCloseable {
    private final int maxFirings;
    private final List<MeetingDecision> ledger = new ArrayList<>();
    private Policy policy;
    private KieSession session;
    private LedgerListener listener;
    private FactHandle nowHandle;
    private Now now;
    private long commandSeq;

    private MeetingSession(Policy policy, int maxFirings) {
        this.policy = policy;
        this.maxFirings = maxFirings;
    }

    /** A new session holding the meeting and its invited participants at {@code createdAt} (epoch millis). */
    public static MeetingSession start(MeetingSpec spec, Policy policy, int maxFirings, long createdAt, long seq) {
        return start(spec, policy, maxFirings, createdAt, seq, List.of());
    }

    /**
     * As {@link #start(MeetingSpec, Policy, int, long, long)}, with facts of another domain that live
     * beside the meeting from its first firing on, inserted in the order given: the simulated attendees
     * of a simulated run (rules/meeting_agents.drl). They are not carried over a policy switch.
     */
    public static MeetingSession start(MeetingSpec spec, Policy policy, int maxFirings, long createdAt, long seq,
                                       List<?> companions) {
        MeetingSession s = new MeetingSession(policy, maxFirings);
        s.open(policy);
        s.begin(seq);
        try {
            s.session.insert(new Meeting(spec, createdAt));
            for (int i = 0; i < spec.participants().size(); i++) {
                s.session.insert(new Participant(spec.participants().get(i), i));
            }
            companions.forEach(s.session::insert);
            s.now = new Now(createdAt);
            s.nowHandle = s.session.insert(s.now);
            s.fire();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void open(Policy p) {
        listener = new LedgerListener(p.version());
        session = Firing.open(p, listener);
        policy = p;
    }

    private void begin(long seq) {
        commandSeq = seq;
        listener.beginCommand(seq);
    }

    /** Moves the clock to {@code at} and lets the time limits that passed take effect. Returns the decisions. */
    public List<MeetingDecision> tick(long at, long seq) {
        begin(seq);
        int before = ledger.size();
        setNow(at);
        fire();
        return List.copyOf(ledger.subList(before, ledger.size()));
    }

    /**
     * Decides one command at {@code at}: null when a rule accepted it (its decisions are in the
     * ledger from {@code ledgerMark}), otherwise the policy's refusal, or a generic one when no rule
     * handled it.
     */
    public Refusal decide(MeetingCommand command, long at, long seq) {
        begin(seq);
        setNow(at);
        FactHandle h = session.insert(command);
        fire();
        return Firing.answer(session, h, "no rule of policy " + policy.version() + " handles " + command);
    }

    private void setNow(long at) {
        if (at > now.getMillis()) {
            now.setMillis(at);
            session.update(nowHandle, now);
        }
    }

    private void fire() {
        int fired = Firing.fire(session, listener, maxFirings);
        for (LedgerEntry e : listener.drain(session)) {
            if (e instanceof MeetingDecision d) {
                d.stamp(ledger.size() + 1L, commandSeq, d.getRule(), d.getPolicyVersion(), d.getMatchedFacts());
                ledger.add(d);
            }
        }
        if (fired > maxFirings) {
            throw Firing.loop(maxFirings + " rules for one command", listener);
        }
    }

    /** True when the current command changed working memory beyond inserting and answering the command. */
    public boolean changedThisCommand() {
        return listener.changedState();
    }

    /** Moves to another policy: a new session from its KieBase with every meeting fact re-inserted in a stable order. */
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
    public List<MeetingDecision> ledger() { return ledger; }

    public Meeting meeting() {
        return facts(Meeting.class).get(0);
    }

    /** Participants in invitation order. */
    public List<Participant> participants() {
        List<Participant> out = facts(Participant.class);
        out.sort(Comparator.comparingInt(Participant::getOrder));
        return out;
    }

    /** Proposals in the order they were posted. */
    public List<Proposal> proposals() {
        List<Proposal> out = facts(Proposal.class);
        out.sort(Comparator.comparingInt(Proposal::getOrder));
        return out;
    }

    /** Ballots by proposal, then agent. */
    public List<Ballot> ballots() {
        List<Ballot> out = facts(Ballot.class);
        out.sort(Comparator.comparing(Ballot::factKey));
        return out;
    }

    /** Every fact of a type in the session, in no particular order (including ones rules inserted). */
    public <T> List<T> facts(Class<T> type) {
        Collection<?> objects = session.getObjects(type::isInstance);
        List<T> out = new ArrayList<>(objects.size());
        objects.forEach(o -> out.add(type.cast(o)));
        return out;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
