package io.conclave.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link Ids#isValid} reads an id a character at a time; what it must say is the rule as the pattern states it
 * ({@link Ids#SAFE}, and no ".."). Checked on ids written by hand at each edge of the rule, and on 200,000 strings
 * drawn from characters near the rule's edges (every character the pattern takes and its neighbours in ASCII, a
 * slash, a space, a control character, an accented letter, a surrogate), 0 to 130 long.
 */
class IdsTest {

    private static boolean byThePattern(String id) {
        return id != null && Ids.SAFE.matcher(id).matches() && !id.contains("..");
    }

    @Test
    void theEdgesOfTheRule() {
        for (String ok : new String[] {"a", "Z", "0", "agent-7", "t1.sub_2", "a.b.c", "9-", "x" + "y".repeat(127)}) {
            assertTrue(Ids.isValid(ok), ok);
        }
        for (String bad : new String[] {null, "", ".a", "_a", "-a", "a..b", "a/b", "a b", "é", "a\u0000",
                                        "x" + "y".repeat(128), "..", "a.."}) {
            assertFalse(Ids.isValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void agreesWithThePatternOnDrawnStrings() {
        String alphabet = "aAzZ09._-/ @[`{:\u007f\u00e9\u0001\ud83d";
        SplittableRandom rnd = new SplittableRandom(7);
        int valid = 0;
        for (int k = 0; k < 200_000; k++) {
            int length = rnd.nextInt(8) == 0 ? 120 + rnd.nextInt(11) : rnd.nextInt(6);
            // mostly characters an id may hold, so that long valid ids are drawn too
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append(rnd.nextInt(10) < 8 ? "aZ0._-".charAt(rnd.nextInt(6))
                        : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String id = sb.toString();
            boolean expected = byThePattern(id);
            assertEquals(expected, Ids.isValid(id), id);
            valid += expected ? 1 : 0;
        }
        // both answers were drawn often enough to mean something
        assertTrue(valid > 10_000 && valid < 190_000, valid + " valid ids drawn");
    }
}
