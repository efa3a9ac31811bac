package io.conclave.engine.rules;

import static io.conclave.engine.rules.MeetingFixture.majority;
import static io.conclave.engine.rules.MeetingFixture.meeting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.model.Problem;
import io.conclave.model.Refusal;

/**
 * rules/meetings/meetings_participation.drl, "Message ids are unique in a meeting": an agent may give
 * its message an id, and the meeting refuses one it has stored already (409 duplicate_message_id, about
 * {@code $.message_id}). An edited rule that makes ids unique per agent lets another agent reuse one.
 */
public class MessageIdRulesTest {

    @Test
    void aMessageIdTheMeetingStoredAlreadyIsRefusedWhoeverPostsIt() {
        try (MeetingFixture m = meeting(majority(), null, "ann", "bob")) {
            assertNull(m.join("ann", 1));
            assertNull(m.join("bob", 1));
            assertNull(m.comment("ann", "m-1", 2));
            Refusal again = m.comment("bob", "m-1", 3);
            assertEquals("duplicate_message_id", again.getCode());
            assertEquals("meeting m1 already has a message m-1", again.getReason());
            assertEquals(List.of(new Problem("$.message_id", "is taken")), again.getProblems());
            assertEquals("Message ids are unique in a meeting", again.getRule());
            assertEquals("duplicate_message_id", m.comment("ann", "m-1", 4).getCode());
            assertNull(m.comment("bob", "m-2", 5), "a new id is taken");
        }
    }

    @Test
    void anEditedRuleMakesIdsUniquePerAgent(@TempDir Path dir) {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "meetings/meetings_participation.drl", """
                rule "Message ids are unique in a meeting"
                    salience 40
                when
                    $c : MeetingRequest( messageId != null, $mid : messageId )
                    $m : Meeting()
                    PostedMessage( messageId == $mid )""", """
                rule "An agent's message ids are unique in a meeting"
                    salience 40
                when
                    $c : MeetingRequest( messageId != null, $mid : messageId, $a : agentId )
                    $m : Meeting()
                    PostedMessage( messageId == $mid, agentId == $a )""");
        try (MeetingFixture m = meeting(PolicyCopies.compile(dir), majority(), null, "ann", "bob")) {
            assertNull(m.join("ann", 1));
            assertNull(m.join("bob", 1));
            assertNull(m.comment("ann", "m-1", 2));
            assertNull(m.comment("bob", "m-1", 3), "bob never used m-1: under the edited rule he may");
            Refusal again = m.comment("ann", "m-1", 4);
            assertEquals("duplicate_message_id", again.getCode());
            assertEquals("An agent's message ids are unique in a meeting", again.getRule());
        }
    }
}
