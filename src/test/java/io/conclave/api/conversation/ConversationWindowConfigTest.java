package io.conclave.api.conversation;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.conversation.ConversationResourceTest.createConversation;
import static io.conclave.api.conversation.ConversationResourceTest.get;
import static io.conclave.api.conversation.ConversationResourceTest.joinExpert;
import static io.conclave.api.conversation.ConversationResourceTest.json;
import static io.conclave.api.conversation.ConversationResourceTest.say;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.api.ApiSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code conclave.conversation-window} sets how many messages a conversation shows in its snapshot (memory keeps at
 * most that many of them whole, the newest 32-63 with a larger window). At 3: round robin between a and b, who take turns to speak, 8 messages; the snapshot shows messages 6, 7
 * and 8, the turns granted for them (6 from b to a, 7 from a to b, 8 from b to a) and counts all 8; the messages' page
 * gives all 8, the five older ones read back from the history.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(ConversationWindowConfigTest.SmallWindow.class)
class ConversationWindowConfigTest {

    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ApiSupport.profile(Map.of(
                    "conclave.data-dir", ApiSupport.freshFolder("window-data").toString(),
                    "conclave.conversation-window", "3"));
        }
    }

    @Test
    void theSnapshotShowsTheConfiguredWindowAndThePagesTheWholeHistory() {
        String id = createConversation("{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"],"
                + " \"max_total_turns\": 1000, \"max_turns_per_agent\": 1000}");
        joinExpert(id, "a", 1);
        joinExpert(id, "b", 2);
        for (int n = 1; n <= 8; n++) {
            say(id, n % 2 == 1 ? "a" : "b", "m" + n).statusCode(200);
        }
        get(id).statusCode(200)
                .body(jsonPath("message_count", equalTo(8)))
                .body(jsonPath("history.seq", contains(6, 7, 8)))
                .body(jsonPath("history.content", contains("m6", "m7", "m8")))
                .body(jsonPath("turns.message_seq", contains(6, 7, 8)))
                .body(jsonPath("turns.agent_id", contains("a", "b", "a")));
        json().get("/api/conversations/" + id + "/messages?after=0&limit=100").then().statusCode(200)
                .body(jsonPath("content", contains("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8")));
    }
}
