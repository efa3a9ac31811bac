package io.conclave.model.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RecentTest {

    @Test
    void aKeyIsWorkedOutOnceAndTheOneUsedLongestAgoGoesPastTheCapacity() {
        Recent<String, Integer> recent = new Recent<>(2);
        AtomicInteger computed = new AtomicInteger();
        java.util.function.Function<String, Integer> length = s -> {
            computed.incrementAndGet();
            return s.length();
        };
        assertEquals(1, recent.get("a", length));
        assertEquals(2, recent.get("bb", length));
        assertEquals(1, recent.get("a", length)); // remembered: "a" is now the one used last, "bb" the eldest
        assertEquals(2, computed.get());
        assertEquals(3, recent.get("ccc", length)); // a third key: "bb" goes, "a" stays
        assertEquals(1, recent.get("a", length));
        assertEquals(3, computed.get());
        assertEquals(2, recent.get("bb", length)); // worked out again
        assertEquals(4, computed.get());
    }

    @Test
    void nothingIsRememberedForAComputationThatGivesNull() {
        Recent<String, String> recent = new Recent<>(4);
        assertThrows(NullPointerException.class, () -> recent.get("x", k -> null));
        assertEquals("y", recent.get("x", k -> "y"));
    }

    /**
     * The digest is remembered by the set of files; what it is must not change with that: SHA-256 over each file's
     * name, a zero byte, its text, a zero byte, in the order of the names, whatever order the files are given in,
     * and a changed text gives another digest even after the first was remembered.
     */
    @Test
    void theDigestIsTheDocumentedShaInAnyOrderAndFollowsAChangedText() throws Exception {
        RuleFile a = new RuleFile("a/x.drl", "rule \"one\" when then end");
        RuleFile b = new RuleFile("b/y.drl", "package conclave.b;");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (RuleFile f : List.of(a, b)) {
            sha.update(f.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(f.content().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        String expected = HexFormat.of().formatHex(sha.digest());
        assertEquals(expected, RuleFile.digest(List.of(a, b)));
        assertEquals(expected, RuleFile.digest(List.of(b, a)));
        assertEquals(expected, RuleFile.digest(new ArrayList<>(List.of(new RuleFile("b/y.drl", "package conclave.b;"),
                new RuleFile("a/x.drl", "rule \"one\" when then end")))));
        String changed = RuleFile.digest(List.of(a, new RuleFile("b/y.drl", "package conclave.b; // edited")));
        assertEquals(64, changed.length());
        org.junit.jupiter.api.Assertions.assertNotEquals(expected, changed);
    }
}
