package io.conclave.engine.rules;

import java.util.List;
import java.util.function.Predicate;

import io.conclave.engine.owner.ClockedSession;
import io.conclave.model.LedgerEntry;
import io.conclave.model.Refusal;

/**
 * What the Tier-1 fixtures of the clocked owners ({@link MeetingFixture}, {@link ConversationFixture}) share: a
 * session started at {@link #T0} with the first sequence number, each command and tick decided at an explicit
 * time under the next sequence number, the ledger's decisions picked by a test, the session closed at the end.
 */
public abstract class ClockedFixture<S extends ClockedSession<D>, D extends LedgerEntry> implements AutoCloseable {
    /** When the owner was created, in epoch milliseconds. */
    public static final long T0 = 1_700_000_000_000L;
    /** The sequence number the owner is started with; its commands take the next ones. */
    static final long FIRST_SEQ = 1;
    /** The firing cap per command the fixtures start their sessions with. */
    static final int MAX_FIRINGS = 10_000;

    final S session;
    private long seq = FIRST_SEQ;

    ClockedFixture(S session) {
        this.session = session;
    }

    /** {@code amount} units of {@code unitMillis} after {@link #T0}, rounded to the millisecond. */
    static long after(double amount, long unitMillis) {
        return T0 + Math.round(amount * unitMillis);
    }

    /** The sequence number of the last command (the first one before any). */
    final long lastSeq() {
        return seq;
    }

    /** Decides one command at {@code at} under the next sequence number; the policy's refusal, or null. */
    final Refusal decide(Object command, long at) {
        return session.decide(command, at, ++seq);
    }

    /** Lets time pass to {@code at} under the next sequence number; the decisions it caused. */
    final List<D> tickAt(long at) {
        return session.tick(at, ++seq);
    }

    /** The ledger's decisions that match, in ledger order. */
    final List<D> ledgerWhere(Predicate<? super D> test) {
        return session.ledger().stream().filter(test).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}
