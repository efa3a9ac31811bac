package io.conclave.app.followup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.conclave.model.CommandException;

/**
 * Follow-ups whose target could not be reached (in a cluster: its node down and no other node serving it yet,
 * {@code follow_up_undelivered}), sent again by {@link #retry} until their target takes them. The first failure
 * still reaches the sender (its workflow logs it); the follow-up is not dropped. A resend is safe: the target
 * recognises the follow-up's key and answers {@code already_applied} if an earlier attempt did land. What this
 * node remembers is lost with it; the node that takes the sender over re-derives the follow-ups its owners left
 * undone.
 */
public final class UndeliveredFollowUps implements OwnerCommands {
    private static final Logger LOG = Logger.getLogger(UndeliveredFollowUps.class);
    /** The error of a follow-up that could not be delivered (and only that one is kept for later). */
    static final String UNDELIVERED = "follow_up_undelivered";

    private final OwnerCommands commands;
    /** Key -> follow-up, in the order they failed: resent in that order. */
    private final Map<String, FollowUp> waiting = new LinkedHashMap<>();

    UndeliveredFollowUps(OwnerCommands commands) {
        this.commands = commands;
    }

    @Override
    public Outcome send(FollowUp followUp) {
        try {
            return commands.send(followUp);
        } catch (CommandException e) {
            if (UNDELIVERED.equals(e.code()) && followUp.key() != null) {
                synchronized (waiting) {
                    waiting.putIfAbsent(followUp.key(), followUp);
                }
            }
            throw e;
        }
    }

    /** Sends every waiting follow-up again, in the order they failed; returns how many are still waiting. */
    int retry() {
        List<FollowUp> due;
        synchronized (waiting) {
            due = new ArrayList<>(waiting.values());
        }
        for (FollowUp f : due) {
            try {
                Outcome o = commands.send(f);
                LOG.infof("follow-up %s for %s %s delivered on a later attempt: %s", f.key(), f.kind(), f.ownerId(), o);
                forget(f);
            } catch (CommandException e) {
                if (!UNDELIVERED.equals(e.code())) {
                    // the target refused it (not found, conflict...): sending it again would not change that
                    LOG.warnf("follow-up %s for %s %s refused on a later attempt: %s", f.key(), f.kind(), f.ownerId(),
                            e.getMessage());
                    forget(f);
                }
            }
        }
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** How many follow-ups wait to be sent again. */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void forget(FollowUp f) {
        synchronized (waiting) {
            waiting.remove(f.key());
        }
    }
}
