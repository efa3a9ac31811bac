package io.conclave.examples;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.service.AiServices;
import io.conclave.api.TestTokens;
import io.conclave.examples.agent.ConclaveClient;
import io.conclave.examples.agent.LlmAgent;
import io.conclave.examples.agent.ScriptedChatModel;
import io.conclave.examples.agent.TeamLead;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The LangChain4j example agent (examples/langchain4j-agent) against the service, with a scripted chat model:
 * its LLM proposes an assignee for each open task and replies in a conversation; the rules decide. Proposals
 * of t2 (bob, who has the skills), t3 (bob, who lacks dev 7) and t4 (someone the project does not have): the
 * first is accepted and the second overruled once t1 is done, the third refused at once by a rule, with its
 * reason.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class ExampleLangChain4jAgentTest {
    private static String team(String id) {
        return project(id)
                .agent(agent("ann").skill("dev", 8), agent("bob").skill("dev", 6), agent("cid").skill("dev", 9))
                .task(task("t1").description("build").needs("dev", 7),
                        task("t2").description("write the docs").needs("dev", 5).after("t1"),
                        task("t3").description("harden").needs("dev", 7).after("t1"),
                        task("t4").description("ship").needs("dev", 5).after("t1"))
                .json();
    }

    private static ConclaveClient client(String token) {
        return new ConclaveClient("http://localhost:" + RestAssured.port, token);
    }

    @Test
    void theLlmProposesAndRepliesAndTheRulesDecide() throws Exception {
        ConclaveClient admin = client(TestTokens.ADMIN);
        String p = "llm-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.post("/api/projects", com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(team(p))).status());
        // the team's conversation is the project's: the agent reads its project's inbox only
        String c = admin.post("/api/conversations", java.util.Map.of("project_id", p, "policy", java.util.Map.of(
                "turn_strategy", "round_robin", "allowed_roles", List.of("expert")))).body().path("conversation_id").asText();
        String annToken = admin.post("/api/tokens", java.util.Map.of("role", "agent", "agent_id", "ann")).body()
                .path("token").asText();
        String bobToken = admin.post("/api/tokens", java.util.Map.of("role", "agent", "agent_id", "bob")).body()
                .path("token").asText();
        ConclaveClient ann = client(annToken);
        // other tests of the same service gave "ann" meetings and conversations: her agent would answer those
        // too (with this test's scripted answers), so what waits for her from before is acknowledged first
        for (JsonNode item : ann.get("/api/agents/ann/inbox").body()) {
            assertEquals(200, ann.post(item.path("ack").asText(), java.util.Map.of()).status());
        }
        ConclaveClient bob = client(bobToken);
        for (ConclaveClient who : List.of(ann, bob)) {
            String id = who == ann ? "ann" : "bob";
            assertEquals(201, who.post("/api/conversations/" + c + "/agents",
                    java.util.Map.of("agent_id", id, "role", java.util.Map.of("name", "expert"))).status());
        }

        ScriptedChatModel model = new ScriptedChatModel(List.of(
                "bob\nHe has dev 6, enough for the docs.", "bob\nHe should learn hardening.",
                "dora\nShe shipped the last one.", "PostgreSQL: it is what we know."));
        List<String> log = new ArrayList<>();
        LlmAgent agent = new LlmAgent(ann, "ann", AiServices.create(TeamLead.class, model), log::add);

        // t1 is cid's (assigned at creation); t2, t3, t4 wait for it: the LLM is asked about each of them
        List<LlmAgent.Proposal> proposals = agent.proposeAssignees(p);
        assertEquals(List.of("t2", "t3", "t4"), proposals.stream().map(LlmAgent.Proposal::taskId).toList());
        assertEquals(List.of(200, 200, 404), proposals.stream().map(LlmAgent.Proposal::status).toList());
        assertEquals("unknown_agent: the project has no agent 'dora' to propose for task t4 (refused by rule 'Refuse a "
                + "proposal naming an agent the project does not have')", proposals.get(2).outcome());
        assertTrue(model.asked().get(0).contains("Task t2: write the docs"), model.asked().get(0));
        assertTrue(model.asked().get(0).contains("{\"dev\":5.0}"), model.asked().get(0));

        // cid completes t1: t2, t3 and t4 are served; the proposals kept for t2 and t3 are decided first
        ConclaveClient cid = client(admin.post("/api/tokens", java.util.Map.of("role", "agent", "agent_id", "cid"))
                .body().path("token").asText());
        assertEquals(200, cid.post("/api/projects/" + p + "/tasks/t1/complete", java.util.Map.of("agent_id", "cid")).status());
        JsonNode t2 = admin.get("/api/projects/" + p + "/decisions?task_id=t2&kind=PROPOSAL_ACCEPTED").body();
        assertEquals("bob proposed by ann (He has dev 6, enough for the docs.): accepted, has every required skill and "
                + "capacity (score 30.0)", t2.get(0).path("reason").asText());
        assertEquals("bob", admin.get("/api/projects/" + p + "/tasks/t2").body().path("assignee").asText());
        JsonNode t3 = admin.get("/api/projects/" + p + "/decisions?task_id=t3&kind=PROPOSAL_OVERRULED").body();
        assertEquals("bob proposed by ann (He should learn hardening.): overruled, it lacks dev (has 6.0, needs 7.0); "
                + "the task is served by the ranking", t3.get(0).path("reason").asText());

        // bob speaks in the conversation: round robin gives ann the turn, in her inbox; her LLM writes the reply
        assertEquals(200, bob.post("/api/conversations/" + c + "/messages",
                java.util.Map.of("sender", "bob", "content", "Which database?")).status());
        assertTrue(agent.handleInbox(p) >= 1);
        JsonNode history = admin.get("/api/conversations/" + c).body().path("history");
        assertEquals("ann", history.get(1).path("sender").asText());
        assertEquals("PostgreSQL: it is what we know.", history.get(1).path("content").asText(), "asked: " + model.asked());
        assertTrue(model.asked().get(3).contains("bob wrote: Which database?"), model.asked().get(3));
        // everything it handled was acknowledged: its inbox has nothing of this project or conversation left
        for (JsonNode item : ann.get("/api/agents/ann/inbox").body()) {
            assertTrue(!p.equals(item.path("project_id").asText()) && !c.equals(item.path("conversation_id").asText()),
                    item.toString());
        }
    }

    @Test
    void theExamplesOwnBuildUsesTheVersionTheTestsUse() throws Exception {
        String example = Files.readString(Path.of("examples/langchain4j-agent/pom.xml"));
        String service = Files.readString(Path.of("pom.xml"));
        String version = service.replaceAll("(?s).*<langchain4j.version>([^<]+)</langchain4j.version>.*", "$1");
        assertEquals("1.8.0", version);
        assertTrue(example.contains("<langchain4j.version>" + version + "</langchain4j.version>"), example);
    }
}
