package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.Json;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenStore;

/**
 * How a token's secret is kept: the file holds {@code sha256:} and the SHA-256 of the secret (the part after the
 * id), never the secret; a wrong secret of the same length is refused; and a token an earlier version hashed with
 * bcrypt is still accepted, so a data folder from before keeps working.
 */
public class TokenHashTest {
    @Test
    void aSecretIsStoredAsItsSha256AndOnlyTheRightSecretMatches(@TempDir Path data) throws Exception {
        TokenStore store = new TokenStore(data, Clock.systemUTC());
        TokenStore.Issued issued = store.issue("ann", Caller.AGENT, "ann", List.of(), "admin");
        String token = issued.token();
        String secret = token.substring(token.indexOf('_', 3) + 1);
        // the expectation computed here independently: SHA-256 over the secret's UTF-8 bytes, in lower-case hex
        String expected = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, issued.record().hash());
        String file = Files.readString(data.resolve("tokens.json"));
        assertTrue(file.contains(expected) && !file.contains(secret), file);

        TokenStore reopened = new TokenStore(data, Clock.systemUTC());
        assertEquals("ann", reopened.check(token).orElseThrow().agentId());
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertTrue(reopened.check(wrong).isEmpty(), "a wrong secret is refused");
        assertTrue(reopened.check(token + "x").isEmpty(), "a longer secret is refused");
    }

    @Test
    void aTokenHashedWithBcryptByAnEarlierVersionIsStillAccepted(@TempDir Path data) throws Exception {
        String secret = "0123456789abcdef0123456789abcdef-legacy";
        TokenStore.Token old = new TokenStore.Token("old1", "ops", Caller.OPERATOR, null, List.of(),
                BcryptUtil.bcryptHash(secret, 4), Instant.parse("2026-01-01T00:00:00Z"), "admin", null, null);
        Files.writeString(data.resolve("tokens.json"), Json.MAPPER.writeValueAsString(List.of(old)));
        TokenStore store = new TokenStore(data, Clock.systemUTC());
        assertEquals("ops", store.check("cv_old1_" + secret).orElseThrow().name());
        assertTrue(store.check("cv_old1_" + secret.replace('0', '1')).isEmpty(), "a wrong secret is refused");
    }
}
