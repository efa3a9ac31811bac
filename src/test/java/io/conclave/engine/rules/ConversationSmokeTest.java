package io.conclave.engine.rules;

import static io.conclave.engine.rules.ConversationFixture.expert;
import static io.conclave.engine.rules.ConversationFixture.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.conversation.TurnStrategy;

class ConversationSmokeTest {
    @Test
    void roundRobin() {
        try (ConversationFixture f = ConversationFixture.conversation(policy(TurnStrategy.ROUND_ROBIN, 10))
                .with("a", expert(1)).with("b", expert(1)).with("c", expert(1))) {
            var s = f.say("a");
            System.out.println(s);
            assertEquals(List.of("b"), s.responders());
            assertEquals(List.of("c"), f.say("b").responders());
            assertEquals(List.of("a"), f.say("c").responders());
        }
    }
}
