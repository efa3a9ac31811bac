package io.conclave.api.memory;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.conversation.ConversationResourceTest.createConversation;
import static io.conclave.api.conversation.ConversationResourceTest.joinExpert;
import static io.conclave.api.conversation.ConversationResourceTest.json;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A conversation's shared memory over REST, as the coordination-patterns chapter's DistributedSharedMemory keeps it:
 * every member holds its own copy; a strong write reaches every copy before it is answered, an eventual one only the
 * writer's at once and the others' five seconds later (the rule "An eventual write reaches the other agents' copies
 * five seconds later"), so until then another member reads the version before from its own copy. Worked out by hand
 * below.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class SharedMemoryResourceTest {

    private static ValidatableResponse write(String id, String agent, String value, String consistency) {
        return json().body("{\"agent_id\": \"" + agent + "\", \"value\": \"" + value + "\", \"consistency\": \""
                + consistency + "\"}").put("/api/conversations/" + id + "/memory/shared/plan").then();
    }

    private static ValidatableResponse read(String id, String query) {
        return json().get("/api/conversations/" + id + "/memory/shared/plan" + query).then();
    }

    /*
     * alice, bob and carol are members.
     *   alice writes plan = "draft" strongly: version 1, and every copy (alice, bob, carol) holds version 1 at once;
     *   bob reads it from his own copy: "draft", version 1, not stale.
     *   alice writes plan = "final" eventually: version 2; her copy holds it, bob's and carol's still version 1, and
     *   the write is pending to bob and carol. Read at once, bob's copy gives "draft", version 1 of 2: stale. A
     *   strong read (the home copy) gives "final", version 2.
     *   Five seconds after the write the conversation's clock reaches it (a journaled tick): bob's and carol's copies
     *   take version 2, and bob reads "final", not stale.
     */
    @Test
    void aStrongWriteReachesEveryCopyAtOnceAnEventualOneLater() {
        String id = createConversation("{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}");
        joinExpert(id, "alice", 1);
        joinExpert(id, "bob", 1);
        joinExpert(id, "carol", 1);
        write(id, "alice", "draft", "strong").statusCode(200)
                .body(jsonPath("version", equalTo(1)))
                .body(jsonPath("consistency", equalTo("strong")))
                .body(jsonPath("copies.alice.version", equalTo(1)))
                .body(jsonPath("copies.bob.version", equalTo(1)))
                .body(jsonPath("copies.carol.version", equalTo(1)))
                .body(jsonPath("pending", empty()));
        read(id, "?agent_id=bob").statusCode(200)
                .body(jsonPath("read_from", equalTo("copy")))
                .body(jsonPath("value", equalTo("draft")))
                .body(jsonPath("version", equalTo(1)))
                .body(jsonPath("stale", equalTo(false)));

        write(id, "alice", "final", "eventual").statusCode(200)
                .body(jsonPath("version", equalTo(2)))
                .body(jsonPath("value", equalTo("final")))
                .body(jsonPath("copies.alice.version", equalTo(2)))
                .body(jsonPath("copies.bob.version", equalTo(1)))
                .body(jsonPath("copies.bob.stale", equalTo(true)))
                .body(jsonPath("pending", hasSize(1)))
                .body(jsonPath("pending[0].to", contains("bob", "carol")));
        read(id, "?agent_id=bob").statusCode(200)
                .body(jsonPath("read_from", equalTo("copy")))
                .body(jsonPath("value", equalTo("draft")))
                .body(jsonPath("version", equalTo(1)))
                .body(jsonPath("latest_version", equalTo(2)))
                .body(jsonPath("stale", equalTo(true)));
        read(id, "?agent_id=bob&consistency=strong").statusCode(200)
                .body(jsonPath("read_from", equalTo("home")))
                .body(jsonPath("value", equalTo("final")))
                .body(jsonPath("version", equalTo(2)));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                read(id, "?agent_id=bob").statusCode(200).body(jsonPath("value", equalTo("final")))
                        .body(jsonPath("stale", equalTo(false))));
        json().get("/api/conversations/" + id + "/memory/shared").then().statusCode(200)
                .body(jsonPath("[0].copies.carol.version", equalTo(2)))
                .body(jsonPath("[0].pending", empty()));
        json().get("/api/conversations/" + id + "/decisions").then().statusCode(200)
                .body(jsonPath("findAll { it.kind == 'SHARED_MEMORY_WRITTEN' }.rule",
                        contains("A strong write reaches every agent's copy before it is answered",
                                "An eventual write reaches the other agents' copies five seconds later")))
                .body(jsonPath("find { it.kind == 'SHARED_MEMORY_PROPAGATED' }.details.copies",
                        contains("bob", "carol")))
                .body(jsonPath("find { it.kind == 'SHARED_MEMORY_PROPAGATED' }.details.version", equalTo(2)));
    }

    @Test
    void onlyMembersWriteAndBadReadsAreRefused() {
        String id = createConversation("{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}");
        joinExpert(id, "alice", 1);
        write(id, "frank", "x", "strong").statusCode(404).body(jsonPath("error", equalTo("not_a_member")));
        write(id, "alice", "x", "sometimes").statusCode(400)
                .body(jsonPath("details[0].path", equalTo("$.consistency")));
        read(id, "").statusCode(404).body(jsonPath("error", equalTo("shared_key_not_found")));
        write(id, "alice", "x", "eventual").statusCode(200).body(jsonPath("version", equalTo(1)))
                .body(jsonPath("pending", empty()));
        read(id, "?consistency=maybe").statusCode(400).body(jsonPath("details[0].path", equalTo("consistency")));
        // nobody else holds a copy to wait for: a read without an agent is the home copy
        read(id, "").statusCode(200).body(jsonPath("read_from", equalTo("home"))).body(jsonPath("value", equalTo("x")));
    }
}
