package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Helpers of the tests of real agents: a small project, agents' own tokens, operator calls. */
public final class RealAgentsSupport {
    private RealAgentsSupport() {
    }

    /**
     * Three developers and three tasks: t1 (dev 7) first, then t2 (dev 5) and t3 (dev 7) after it; with
     * {@code meeting}, a meeting task "sync" of ann and bob after t2. Scores (skill x level): t1 cid 63, ann 56
     * (bob lacks dev 7); so cid gets t1 at creation.
     */
    public static String project(String id, boolean meeting) {
        ProjectJson p = ProjectJson.project(id).title("Real agents")
                .agent(agent("ann").skill("dev", 8), agent("bob").skill("dev", 6).skill("review", 8),
                        agent("cid").skill("dev", 9))
                .task(task("t1").description("build").hours(2).needs("dev", 7),
                        task("t2").description("extend").hours(1).needs("dev", 5).after("t1"),
                        task("t3").description("harden").hours(1).needs("dev", 7).after("t1"));
        if (meeting) {
            p.task(task("sync").description("sync up").meeting("ann", "bob").after("t2"));
        }
        return p.json();
    }

    /** A token of agent {@code agentId}, issued by the test admin. */
    public static String agentToken(String agentId) {
        return api().header("Authorization", "Bearer " + TestTokens.ADMIN).contentType(ContentType.JSON)
                .body("{\"role\": \"agent\", \"agent_id\": \"" + agentId + "\"}").post("/api/tokens")
                .then().statusCode(201).extract().path("token");
    }

    /** A request sent with {@code token}. */
    public static io.restassured.specification.RequestSpecification as(String token) {
        return api().header("Authorization", "Bearer " + token);
    }

    /** An operator's JSON call (the operator "ops"). */
    public static ValidatableResponse operator(String method, String path, String body) {
        io.restassured.specification.RequestSpecification spec = api().header("X-Conclave-Actor", "ops");
        if (body != null) {
            spec = spec.contentType(ContentType.JSON).body(body);
        }
        return spec.request(method, path).then();
    }

    /** An agent's report on a task, with its own token (chosen by the test tokens from the body). */
    public static ValidatableResponse report(String projectId, String taskId, String kind, String agentId) {
        return api().contentType(ContentType.JSON).body("{\"agent_id\": \"" + agentId + "\"}")
                .post("/api/projects/" + projectId + "/tasks/" + taskId + "/" + kind).then();
    }
}
