package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.CommandException;
import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenStore;

/**
 * A cluster shares every token saved on a node ({@code TokenStore.onSaved}, the tokens topic). When the cluster
 * does not take a revocation (Kafka does not acknowledge it), the request fails, the token stays revoked on this
 * node, and the same revocation sent again is shared again: a revocation that never reached the cluster would
 * otherwise stay unknown to every other node, since the token already reads as revoked here.
 */
public class TokenSharingTest {
    @Test
    void aRevocationTheClusterDidNotTakeIsSharedAgainWhenSentAgain(@TempDir Path data) throws Exception {
        TokenStore store = new TokenStore(data, Clock.systemUTC());
        List<TokenStore.Token> shared = new ArrayList<>();
        AtomicBoolean kafkaDown = new AtomicBoolean();
        store.onSaved(t -> {
            if (kafkaDown.get()) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "token_not_shared", "not acknowledged");
            }
            shared.add(t);
        });
        String id = store.issue("ann", Caller.AGENT, "ann", List.of(), "admin").record().tokenId();
        assertEquals(1, shared.size(), "the issued token is shared");

        kafkaDown.set(true);
        assertThrows(CommandException.class, () -> store.revoke(id, "admin"));
        assertTrue(store.get(id).orElseThrow().revoked(), "revoked on this node all the same");

        kafkaDown.set(false);
        store.revoke(id, "admin");
        assertEquals(2, shared.size(), "the revocation sent again reaches the cluster");
        assertTrue(shared.get(1).revoked());
        assertEquals(id, shared.get(1).tokenId());
    }
}
