package io.conclave.engine.owner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * A registry's owners rebuilt ahead of a takeover (a cluster node rebuilds them from a partition read ahead): kept
 * aside, found by no request, until the takeover catches each up with the entries its journal gained since
 * ({@link JournaledRuntime#catchUpWithJournal}), or lets it go.
 */
final class PreparedOwners<R extends JournaledRuntime<?, ?>> {
    private static final Logger LOG = Logger.getLogger(PreparedOwners.class);

    private final String kind;
    private final ConcurrentHashMap<String, R> aside = new ConcurrentHashMap<>();
    private final AtomicLong caughtUp = new AtomicLong();

    PreparedOwners(String kind) {
        this.kind = kind;
    }

    /** Keeps {@code rt}, rebuilt ahead, aside (one kept before for the same id is let go). */
    void keep(R rt) {
        R before = aside.put(rt.id(), rt);
        if (before != null) {
            letGo(before);
        }
    }

    /**
     * Owner {@code id} caught up with its journal, no longer aside; null when it was not rebuilt ahead, or when its
     * journal does not go on from what it applied (or cannot be read): it is let go then, to be rebuilt.
     */
    R caughtUp(String id) {
        R rt = aside.remove(id);
        if (rt == null) {
            return null;
        }
        try {
            if (rt.catchUpWithJournal() >= 0) {
                caughtUp.incrementAndGet();
                return rt;
            }
            LOG.infof("%s %s was rebuilt ahead, but its journal changed otherwise since: rebuilt again", kind, id);
        } catch (IOException | RuntimeException e) {
            LOG.infof("%s %s, rebuilt ahead, did not catch up (%s): rebuilt again", kind, id, e.getMessage());
        }
        letGo(rt);
        return null;
    }

    boolean holds(String id) {
        return aside.containsKey(id);
    }

    long caughtUpCount() {
        return caughtUp.get();
    }

    /** Lets every owner kept aside go; how many. */
    int dropAll() {
        int n = 0;
        for (String id : new ArrayList<>(aside.keySet())) {
            R rt = aside.remove(id);
            if (rt != null) {
                letGo(rt);
                n++;
            }
        }
        return n;
    }

    private void letGo(R rt) {
        try {
            rt.release();
        } catch (IOException e) {
            LOG.debugf("letting %s %s go: %s", kind, rt.id(), e.getMessage());
        }
    }
}
