package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conclave.security.token-hash-cost}: a store hashes the secrets it issues at its cost (bcrypt's modular
 * crypt form carries it: {@code $2a$<cost>$...}), and a token keeps the cost it was issued with, so a store opened
 * later at another cost still accepts it.
 */
class TokenHashCostTest {
    @Test
    void aTokenIsHashedAtTheStoresCostAndKeepsItWhenTheCostChanges(@TempDir Path data) throws Exception {
        TokenStore cheap = new TokenStore(data, Clock.systemUTC(), 4);
        TokenStore.Issued issued = cheap.issue("ann", Caller.AGENT, "ann", List.of(), "admin");
        assertTrue(issued.record().hash().matches("\\$2[ab]?\\$04\\$.+"), issued.record().hash());

        TokenStore dearer = new TokenStore(data, Clock.systemUTC(), 6); // the same file, read again at another cost
        assertEquals("ann", dearer.check(issued.token()).orElseThrow().agentId(), "issued at 4, checked at 4");
        TokenStore.Issued next = dearer.issue("bob", Caller.AGENT, "bob", List.of(), "admin");
        assertTrue(next.record().hash().matches("\\$2[ab]?\\$06\\$.+"), next.record().hash());
        String token = next.token();
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertTrue(dearer.check(wrong).isEmpty(), "a wrong secret is refused");
    }

    @Test
    void aCostBcryptDoesNotAllowIsRefused(@TempDir Path data) {
        assertThrows(IllegalArgumentException.class, () -> new TokenStore(data, Clock.systemUTC(), 3));
        assertThrows(IllegalArgumentException.class, () -> new TokenStore(data, Clock.systemUTC(), 32));
    }
}
