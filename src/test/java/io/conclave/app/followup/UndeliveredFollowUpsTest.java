package io.conclave.app.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.conclave.model.CommandException;
import io.conclave.model.command.Tick;

/**
 * A follow-up whose target could not be reached is kept and sent again until the target takes it; one the target
 * refuses is not sent again, and one that was delivered is not kept. The owners are stood in for by a scripted
 * {@link OwnerCommands} (the real cluster path is ClusterIT's).
 */
public class UndeliveredFollowUpsTest {
    /** Answers from a script of reachable owners; records every attempt. */
    private static final class Targets implements OwnerCommands {
        final Set<String> reachable = new HashSet<>();
        final Set<String> refusing = new HashSet<>();
        final List<String> attempts = new ArrayList<>();

        @Override
        public Outcome send(FollowUp f) {
            attempts.add(f.key());
            if (refusing.contains(f.ownerId())) {
                throw new CommandException(CommandException.Kind.NOT_FOUND, "meeting_not_found", "no meeting " + f.ownerId());
            }
            if (!reachable.contains(f.ownerId())) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, UndeliveredFollowUps.UNDELIVERED,
                        "follow-up " + f.key() + " could not be delivered");
            }
            return Outcome.APPLIED;
        }
    }

    private static OwnerCommands.FollowUp followUp(String meeting, String key) {
        return new OwnerCommands.FollowUp("meeting", meeting, new Tick(), "operator", key, null);
    }

    @Test
    void anUndeliveredFollowUpIsSentAgainUntilItsTargetTakesIt() {
        Targets targets = new Targets();
        UndeliveredFollowUps followUps = new UndeliveredFollowUps(targets);
        targets.reachable.add("m-up");

        assertEquals(OwnerCommands.Outcome.APPLIED, followUps.send(followUp("m-up", "k0")));
        // the sender still hears of the failure (its workflow logs it) ...
        assertThrows(CommandException.class, () -> followUps.send(followUp("m-down", "k1")));
        assertThrows(CommandException.class, () -> followUps.send(followUp("m-gone", "k2")));
        assertEquals(2, followUps.waiting(), "... and both are kept; the delivered one is not");

        // nothing reachable yet: both are tried again and kept
        assertEquals(2, followUps.retry());
        // m-down's node is back; m-gone turns out not to exist: it is refused, and sending it again would not help
        targets.reachable.add("m-down");
        targets.refusing.add("m-gone");
        assertEquals(0, followUps.retry());
        assertEquals(0, followUps.retry(), "nothing is sent any more");

        // k0 once; k1 and k2: the first attempt, the retry that failed, the one that settled them
        assertEquals(List.of("k0", "k1", "k2", "k1", "k2", "k1", "k2"), targets.attempts);
    }

    @Test
    void aFollowUpFailingTwiceWaitsOnce() {
        Targets targets = new Targets();
        UndeliveredFollowUps followUps = new UndeliveredFollowUps(targets);
        assertThrows(CommandException.class, () -> followUps.send(followUp("m", "k")));
        assertThrows(CommandException.class, () -> followUps.send(followUp("m", "k")));
        assertEquals(1, followUps.waiting(), "kept by its key");
    }
}
