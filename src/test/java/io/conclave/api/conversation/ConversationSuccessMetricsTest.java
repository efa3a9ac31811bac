package io.conclave.api.conversation;

import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.conversation.ConversationResourceTest.createConversation;
import static io.conclave.api.conversation.ConversationResourceTest.join;
import static io.conclave.api.conversation.ConversationResourceTest.json;
import static io.conclave.api.conversation.ConversationResourceTest.say;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The conversation design's success metrics (agent utilisation, response latency, task completion rate) in a
 * conversation's report, on {@code /q/metrics} and on its page; and roles checked against the joining agent's own
 * capabilities, as the design's {@code _validate_agent_role} does. The exact latencies, on a clock the test moves,
 * are ConversationMetricsTest's; here the clock is the service's, so latencies are bounded, counts exact.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class ConversationSuccessMetricsTest {
    @Inject
    MeterRegistry meters;

    /*
     * Round robin among experts a, b, c (joined in that order); u is a user, whose role is not granted turns.
     * u says hello: a's turn; a answers: b's turn; b answers: c's turn, which c never takes.
     * Turns granted 3, answered 2, open 1: task completion 2/3 = 0.6667; agent utilisation: a and b of the three
     * experts answered, 2/3 = 0.6667; latency over 2 answers, each from its grant to the answer (not negative, and the
     * longest at least the mean); a's and b's shares of the answers 0.5 each; c answered none (a share of 0, no latency).
     */
    @Test
    void theReportThePageAndTheMetricsEndpointShowTheConversationsSuccessMetrics() {
        String id = createConversation("{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}");
        join(id, "u", "{\"name\": \"user\"}").statusCode(201);
        for (String agent : new String[] {"a", "b", "c"}) {
            join(id, agent, "{\"name\": \"expert\"}").statusCode(201);
        }
        say(id, "u", "hello").statusCode(200).body(jsonPath("responders", contains("a")));
        say(id, "a", "first").statusCode(200).body(jsonPath("responders", contains("b")));
        say(id, "b", "second").statusCode(200).body(jsonPath("responders", contains("c")));

        json().get("/api/conversations/" + id).then().statusCode(200)
                .body(jsonPath("metrics.turns_granted", equalTo(3)))
                .body(jsonPath("metrics.turns_answered", equalTo(2)))
                .body(jsonPath("metrics.turns_open", equalTo(1)))
                .body(jsonPath("metrics.task_completion_rate", equalTo(0.6667)))
                .body(jsonPath("metrics.agent_utilisation", equalTo(0.6667)))
                .body(jsonPath("metrics.agents_working", equalTo(2)))
                .body(jsonPath("metrics.agents_eligible", equalTo(3)))
                .body(jsonPath("metrics.response_latency.count", equalTo(2)))
                .body(jsonPath("metrics.response_latency.mean_millis", greaterThanOrEqualTo(0)))
                .body(jsonPath("metrics.agents.agent_id", contains("a", "b", "c")))
                .body(jsonPath("metrics.agents.turns_answered", contains(1, 1, 0)))
                .body(jsonPath("metrics.agents.share_of_answers", contains(0.5, 0.5, 0.0)))
                .body(jsonPath("metrics.agents[2].mean_latency_millis", nullValue()));
        int mean = json().get("/api/conversations/" + id).then().extract().path("metrics.response_latency.mean_millis");
        json().get("/api/conversations/" + id).then()
                .body(jsonPath("metrics.response_latency.max_millis", greaterThanOrEqualTo(mean)));

        RestAssured.given().get("/conversations/" + id).then().statusCode(200)
                .body(containsString("2 of 3 turn(s) answered (66.7%), 1 open"))
                .body(containsString("2 of 3 agent(s) of a role granted turns answered at least once (66.7%)"))
                .body(containsString("over 2 answer(s)"));

        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("conclave_conversation_response_latency_seconds_count"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("conclave_conversation_turns{state=\"open\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("conclave_conversation_task_completion_rate"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("conclave_conversation_agent_utilisation"));
        double answered = metric(metrics, "conclave_conversation_response_latency_seconds_count");
        org.hamcrest.MatcherAssert.assertThat("this conversation's two answers at least", answered,
                greaterThanOrEqualTo(2.0));
        double rate = metric(metrics, "conclave_conversation_task_completion_rate");
        org.hamcrest.MatcherAssert.assertThat(rate, lessThanOrEqualTo(1.0));
    }

    /*
     * Round robin between experts a and b; u, a user, speaks three times before a answers: a's turn on message 1,
     * 1.2 s later b's on message 2 and a's again on message 3, then a answers at once. a's newest turn replaces the
     * one it held, so its answer is timed from the grant on message 3, milliseconds before (under 1 s even on a slow
     * machine); timed from message 1 it would be 1.2 s at least. Turns granted 4 (a's message gives b one), answered 1,
     * not answered 3; a was granted 2 and answered 1. The service's latency timer counts that one answer with the
     * latency the report gives it (its only answer, so its longest), read off the answer itself, not its event's data.
     */
    @Test
    void anAgentsAnswerIsTimedFromItsNewestTurn() throws InterruptedException {
        Timer timer = meters.get("conclave.conversation.response.latency").timer();
        long countBefore = timer.count();
        double millisBefore = timer.totalTime(TimeUnit.MILLISECONDS);
        String id = createConversation("{\"turn_strategy\": \"round_robin\", \"allowed_roles\": [\"expert\"]}");
        join(id, "u", "{\"name\": \"user\"}").statusCode(201);
        join(id, "a", "{\"name\": \"expert\"}").statusCode(201);
        join(id, "b", "{\"name\": \"expert\"}").statusCode(201);
        say(id, "u", "one").statusCode(200).body(jsonPath("responders", contains("a")));
        Thread.sleep(1_200);
        say(id, "u", "two").statusCode(200).body(jsonPath("responders", contains("b")));
        say(id, "u", "three").statusCode(200).body(jsonPath("responders", contains("a")));
        say(id, "a", "an answer").statusCode(200);

        json().get("/api/conversations/" + id).then().statusCode(200)
                .body(jsonPath("metrics.turns_granted", equalTo(4)))
                .body(jsonPath("metrics.turns_answered", equalTo(1)))
                .body(jsonPath("metrics.turns_open", equalTo(3)))
                .body(jsonPath("metrics.agents[0].agent_id", equalTo("a")))
                .body(jsonPath("metrics.agents[0].turns_granted", equalTo(2)))
                .body(jsonPath("metrics.agents[0].turns_answered", equalTo(1)))
                .body(jsonPath("metrics.response_latency.max_millis", lessThan(1_000)));
        int latency = json().get("/api/conversations/" + id).then().extract()
                .path("metrics.response_latency.max_millis");
        assertEquals(countBefore + 1, timer.count());
        assertEquals(millisBefore + latency, timer.totalTime(TimeUnit.MILLISECONDS), 1e-6);
    }

    /*
     * The role "reviewer" names the capabilities code and security. carol states [code]: she lacks security, so she
     * is refused (409 role_not_covered, at $.capabilities), and is no member. dave states [code, security, ops]: he
     * has both and joins. erin states none: she takes her role's as her own, as before.
     */
    @Test
    void anAgentJoinsOnlyInARoleWhoseCapabilitiesItHas() {
        String id = createConversation("{\"turn_strategy\": \"dynamic\", \"allowed_roles\": [\"reviewer\"]}");
        String role = "{\"name\": \"reviewer\", \"capabilities\": [\"code\", \"security\"]}";
        json().body("{\"agent_id\": \"carol\", \"role\": " + role + ", \"capabilities\": [\"code\"]}")
                .post("/api/conversations/" + id + "/agents").then().statusCode(409)
                .body(jsonPath("error", equalTo("role_not_covered")))
                .body(jsonPath("message",
                        equalTo("carol cannot join conversation " + id + " as reviewer: the role needs "
                        + "[code, security] and carol lacks [security] (refused by rule 'An agent joins only in a role "
                        + "whose capabilities it has')")))
                .body(jsonPath("details[0].path", equalTo("$.capabilities")));
        json().body("{\"agent_id\": \"dave\", \"role\": " + role + ", \"capabilities\": [\"code\", \"security\", \"ops\"]}")
                .post("/api/conversations/" + id + "/agents").then().statusCode(201);
        join(id, "erin", role).statusCode(201);
        json().get("/api/conversations/" + id).then().statusCode(200)
                .body(jsonPath("agents.agent_id", contains("dave", "erin")));
        json().body("{\"agent_id\": \"fred\", \"role\": " + role + ", \"capabilities\": [\"code\", \"\"]}")
                .post("/api/conversations/" + id + "/agents").then().statusCode(400)
                .body(jsonPath("details.path", contains("$.capabilities[1]")));
        json().get("/api/conversations/" + id + "/decisions").then().statusCode(200)
                .body(jsonPath("findAll { it.kind == 'AGENT_JOINED' }", hasSize(2)));
    }

    /** The value of the first sample of {@code name} in a Prometheus scrape. */
    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
    }
}
