package io.conclave.api;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.ApiSupport.create;
import static io.conclave.api.ApiSupport.uniqueId;
import static io.conclave.api.JsonPaths.jsonPath;
import static io.conclave.api.RealAgentsSupport.agentToken;
import static io.conclave.api.RealAgentsSupport.as;
import static io.conclave.api.RealAgentsSupport.operator;
import static io.conclave.api.RealAgentsSupport.project;
import static io.conclave.api.RealAgentsSupport.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The agent's inbox as its one channel: every request for its action is an item (JSON and Server-Sent Events)
 * carrying what it needs and how to answer; acknowledged items are not delivered again; a stream resumes after
 * the Last-Event-ID it is given; only the agent (or an operator) reads it; an unknown agent is 404.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class AgentInboxTest {

    /**
     * The open items of {@code agent} from project (or meeting, conversation) {@code owner}, read by the admin. A
     * project's are asked for by {@code project_id}; a meeting's and a conversation's are picked from the whole inbox,
     * which in a test application shared by many classes holds their items too. Read with Jackson: REST Assured's
     * {@code findAll} would compile a Groovy script for every read.
     */
    public static List<Map<String, Object>> items(String agent, String field, String owner) {
        String body = api().when().get("/api/agents/" + agent + "/inbox" + (field.equals("project_id") ? "?project_id="
                + owner : "")).then().statusCode(200).extract().asString();
        try {
            List<Map<String, Object>> all = io.conclave.model.Json.MAPPER.readValue(body,
                    new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
            return all.stream().filter(i -> owner.equals(i.get(field))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAssignmentIsAnItemWithWhatToDoAndHowToAnswerAndAnAckIsKept() {
        String p = uniqueId("inbox");
        create(project(p, false), p);
        // cid got t1 at creation (score 63 against ann's 56): one item, with the task and the three answers
        List<Map<String, Object>> cid = items("cid", "project_id", p);
        assertEquals(1, cid.size(), cid.toString());
        Map<String, Object> item = cid.get(0);
        assertEquals("assignment", item.get("kind"));
        assertEquals("t1", item.get("task_id"));
        assertEquals("build", ((Map<?, ?>) item.get("payload")).get("description"));
        List<?> answers = (List<?>) item.get("answers");
        assertEquals("/api/projects/" + p + "/tasks/t1/start", ((Map<?, ?>) answers.get(0)).get("path"));
        assertEquals(Map.of("agent_id", "cid"), ((Map<?, ?>) answers.get(0)).get("body"));
        String id = (String) item.get("item_id");
        assertEquals("/api/agents/cid/inbox/" + id + "/ack", item.get("ack"));

        String cidToken = agentToken("cid");
        String annToken = agentToken("ann");
        // only cid (or an operator) reads cid's inbox; an agent nobody knows has none
        as(annToken).get("/api/agents/cid/inbox").then().statusCode(403)
                .body(jsonPath("error", equalTo("not_yourself")));
        as(cidToken).get("/api/agents/cid/inbox").then().statusCode(200);
        api().get("/api/agents/nobody-" + p + "/inbox").then().statusCode(404)
                .body(jsonPath("error", equalTo("agent_not_found")));
        // acknowledging: not ann's item, no such item, then cid's own (once; a second time changes nothing)
        as(annToken).post("/api/agents/ann/inbox/" + id + "/ack").then().statusCode(403)
                .body(jsonPath("error", equalTo("not_your_item")));
        as(annToken).post("/api/agents/cid/inbox/" + id + "/ack").then().statusCode(403)
                .body(jsonPath("error", equalTo("not_yourself")));
        as(cidToken).post("/api/agents/cid/inbox/999999999/ack").then().statusCode(404)
                .body(jsonPath("error", equalTo("item_not_found")));
        as(cidToken).post("/api/agents/cid/inbox/project~nothing~1~0~cid/ack").then().statusCode(404)
                .body(jsonPath("error", equalTo("item_not_found")));
        as(cidToken).post("/api/agents/cid/inbox/not!an*id/ack").then().statusCode(400)
                .body(jsonPath("details[0].path", equalTo("item_id")));
        as(cidToken).post("/api/agents/cid/inbox/" + id + "/ack").then().statusCode(200)
                .body(jsonPath("acked", equalTo(true)));
        as(cidToken).post("/api/agents/cid/inbox/" + id + "/ack").then().statusCode(200)
                .body(jsonPath("acked", equalTo(false)));
        assertEquals(0, items("cid", "project_id", p).size());
    }

    @Test
    void workLeavesTheInboxWhenItIsDoneAndAReconnectingStreamResumesAfterItsLastEvent() throws Exception {
        String p = uniqueId("inbox-sse");
        create(project(p, false), p);
        String first = (String) items("cid", "project_id", p).get(0).get("item_id");
        // a stream that received the t1 item before resumes after it: what comes first is the next item
        BlockingQueue<EventStreamTest.Received> resumed = EventStreamTest.open("/api/agents/cid/inbox",
                String.valueOf(first));
        report(p, "t1", "start", "cid").statusCode(200);
        report(p, "t1", "complete", "cid").statusCode(200);
        // t2 and t3 are ready: cid scores 45 on t2 (ann 40) and then 62 on t3 (63 less its hour of t2; ann 56)
        List<String> tasks = new java.util.ArrayList<>();
        while (tasks.size() < 2) {
            EventStreamTest.Received r = resumed.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "items received: " + tasks);
            if (p.equals(r.data().path("project_id").asText())) {
                assertTrue(!r.idText().equals(first), "resumed after " + first + ", got it again");
                assertEquals("assignment", r.name());
                tasks.add(r.data().path("task_id").asText());
            }
        }
        assertEquals(List.of("t2", "t3"), tasks);
        // t1 is done: its item no longer waits, even unacknowledged; the two new ones do
        assertEquals(List.of("t2", "t3"), items("cid", "project_id", p).stream().map(i -> i.get("task_id")).toList());
    }

    /**
     * An item's id names what made it, so every node (and every restart) gives the same event the same id: the
     * owner's kind and id, when it was born (its creation entry's time in epoch milliseconds, base 36), the seq of
     * the journal entry whose publication made it, the event's place among that
     * entry's events, and the agent. Expected by hand: cid's t1 assignment comes from the project's creation (entry
     * 1; after its PROJECT_CREATED event, so not the entry's first event); cid starts t1 (entry 2) and completes it
     * (entry 3), which assigns t2 to cid: that item names entry 3, the command_seq of the ledger's assignment of t2.
     */
    @Test
    void anItemsIdNamesTheJournalEntryWhoseEventMadeIt() {
        String p = uniqueId("inbox-id");
        create(project(p, false), p);
        String t1 = (String) items("cid", "project_id", p).get(0).get("item_id");
        String born = Long.toString(createdAt(p).toEpochMilli(), 36);
        assertTrue(t1.matches("project~" + java.util.regex.Pattern.quote(p) + "~" + born + "~1~[1-9][0-9]*~cid"), t1);
        report(p, "t1", "start", "cid").statusCode(200);
        report(p, "t1", "complete", "cid").statusCode(200);
        Map<String, Object> t2 = items("cid", "project_id", p).stream().filter(i -> "t2".equals(i.get("task_id")))
                .findFirst().orElseThrow();
        List<Integer> assignedAt = api().get("/api/projects/" + p + "/decisions?task_id=t2").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.kind == 'ASSIGNED' }.command_seq", Integer.class);
        assertEquals(List.of(3), assignedAt);
        assertTrue(String.valueOf(t2.get("item_id")).matches("project~" + java.util.regex.Pattern.quote(p)
                + "~" + born + "~3~[0-9]+~cid"), t2.toString());
        assertEquals("/api/agents/cid/inbox/" + t2.get("item_id") + "/ack", t2.get("ack"));
    }

    /** When project {@code p} was created: its journal's first entry's time. */
    private static java.time.Instant createdAt(String p) {
        try {
            java.nio.file.Path journal = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("conclave.data-dir", String.class)).resolve("projects").resolve(p).resolve("journal.jsonl");
            String first = java.nio.file.Files.readAllLines(journal).get(0);
            return java.time.Instant.parse(io.conclave.model.Json.MAPPER.readTree(first).get("recorded_at").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void meetingsAskToJoinToDiscussAndToVote() {
        String m = uniqueId("inbox-mtg");
        operator("POST", "/api/meetings", """
                { "meeting_id": "%s", "topic": "Pick a ledger", "creator": "ann", "participants": ["ann", "bob"] }"""
                .formatted(m)).statusCode(201);
        Map<String, Object> invitation = items("bob", "meeting_id", m).get(0);
        assertEquals("meeting_invitation", invitation.get("kind"));
        assertEquals("ann", ((Map<?, ?>) invitation.get("payload")).get("chair"));
        assertEquals("/api/meetings/" + m + "/join", ((Map<?, ?>) ((List<?>) invitation.get("answers")).get(0)).get("path"));
        for (String a : List.of("ann", "bob")) {
            api().contentType(ContentType.JSON).body("{\"agent_id\": \"" + a + "\"}").post("/api/meetings/" + m + "/join")
                    .then().statusCode(200);
        }
        // both joined (the quorum): the invitations are answered, the discussion is open; the chair may call the vote
        assertEquals(List.of("discussion_open"), items("bob", "meeting_id", m).stream().map(i -> i.get("kind")).toList());
        List<Map<String, Object>> ann = items("ann", "meeting_id", m);
        assertEquals(List.of("comment", "propose", "call_vote", "close"), ((List<?>) ann.get(0).get("answers")).stream()
                .map(a -> ((Map<?, ?>) a).get("action")).toList());
        api().contentType(ContentType.JSON).body("""
                { "agent_id": "ann", "message_type": "proposal", "proposal_id": "pg", "title": "Use PostgreSQL" }""")
                .post("/api/meetings/" + m + "/messages").then().statusCode(201);
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"new_state\": \"voting\"}")
                .put("/api/meetings/" + m + "/state").then().statusCode(200);
        Map<String, Object> vote = items("bob", "meeting_id", m).get(0);
        assertEquals("voting_open", vote.get("kind"));
        assertEquals("pg", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) vote.get("payload")).get("proposals")).get(0))
                .get("proposal_id"));
        // ann voted: her vote item no longer waits; bob's does
        api().contentType(ContentType.JSON).body("{\"agent_id\": \"ann\", \"proposal_id\": \"pg\", \"vote\": \"yes\"}")
                .post("/api/meetings/" + m + "/votes").then().statusCode(201);
        assertEquals(0, items("ann", "meeting_id", m).size());
        assertEquals(1, items("bob", "meeting_id", m).size());
    }

    @Test
    void aConversationTurnIsAnItemWithTheMessageToAnswer() {
        String c = uniqueId("inbox-conv");
        operator("POST", "/api/conversations", """
                { "conversation_id": "%s", "policy": { "turn_strategy": "round_robin", "allowed_roles": ["expert"] } }"""
                .formatted(c)).statusCode(201);
        for (String a : List.of("ann", "bob")) {
            api().contentType(ContentType.JSON).body("{\"agent_id\": \"" + a + "\", \"role\": {\"name\": \"expert\"}}")
                    .post("/api/conversations/" + c + "/agents").then().statusCode(201);
        }
        api().contentType(ContentType.JSON).body("{\"sender\": \"ann\", \"content\": \"Which ledger?\"}")
                .post("/api/conversations/" + c + "/messages").then().statusCode(200);
        // round robin: bob answers ann
        Map<String, Object> turn = items("bob", "conversation_id", c).get(0);
        assertEquals("turn_granted", turn.get("kind"));
        assertEquals("Which ledger?", ((Map<?, ?>) ((Map<?, ?>) turn.get("payload")).get("message")).get("content"));
        api().contentType(ContentType.JSON).body("{\"sender\": \"bob\", \"content\": \"PostgreSQL\"}")
                .post("/api/conversations/" + c + "/messages").then().statusCode(200);
        assertEquals(0, items("bob", "conversation_id", c).size(), "bob answered: his turn no longer waits");
        api().get("/api/agents/ann/inbox").then().statusCode(200)
                .body(jsonPath("find { it.conversation_id == '" + c + "' }.summary", containsString("answer bob")));

        // ann speaks twice before bob does: round robin gives bob the turn twice, and only the newer waits (one
        // message of his answers both), so an agent that never reads its inbox does not pile up turns
        api().contentType(ContentType.JSON).body("{\"sender\": \"ann\", \"content\": \"Which region?\"}")
                .post("/api/conversations/" + c + "/messages").then().statusCode(200);
        api().contentType(ContentType.JSON).body("{\"sender\": \"ann\", \"content\": \"And which backups?\"}")
                .post("/api/conversations/" + c + "/messages").then().statusCode(200);
        List<Map<String, Object>> turns = items("bob", "conversation_id", c);
        assertEquals(1, turns.size());
        assertEquals("And which backups?", ((Map<?, ?>) ((Map<?, ?>) turns.get(0).get("payload")).get("message"))
                .get("content"));
    }

    /**
     * An interrupt that concerns a task an agent holds is a notice in its inbox, and only in its: cid holds t1
     * (assigned at creation, 63 against ann's 56). Its priority 3 (the default) -> 2 is a task_reprioritised
     * item; its skip a task_skipped item, and the assignment item closes by itself (cid no longer holds t1).
     * Notices stay until acknowledged. Then a run of real agents: cid's completion of t2 (assigned to him once
     * t1 was skipped: 45 against ann's 40) stops the incremental run at its checkpoint, and the operator's resume
     * is a run_resumed item for every agent of the project.
     */
    @Test
    void interruptsConcerningItsTasksAndARunsResumptionAreNotices() {
        String p = uniqueId("inbox-int");
        create(project(p, false), p);
        String base = "/api/projects/" + p;
        operator("POST", base + "/interrupts", "{\"action\": \"reprioritise\", \"task_id\": \"t1\", \"priority\": 2}")
                .statusCode(202);
        List<Map<String, Object>> cid = items("cid", "project_id", p);
        assertEquals(List.of("assignment t1", "task_reprioritised t1"), cid.stream()
                .map(i -> i.get("kind") + " " + i.get("task_id")).toList());
        assertTrue(String.valueOf(cid.get(1).get("summary")).contains("3 -> 2"), cid.get(1).toString());
        assertEquals(List.of(), ((List<?>) cid.get(1).get("answers")), "a notice asks for nothing");
        assertEquals(0, items("ann", "project_id", p).size(), "ann holds nothing of it");

        operator("POST", base + "/interrupts", "{\"action\": \"skip\", \"task_id\": \"t1\"}").statusCode(202);
        cid = items("cid", "project_id", p);
        assertEquals(List.of("task_reprioritised t1", "task_skipped t1", "assignment t2", "assignment t3"),
                cid.stream().map(i -> i.get("kind") + " " + i.get("task_id")).toList(), cid.toString());
        String cidToken = agentToken("cid");
        for (Map<String, Object> notice : cid.subList(0, 2)) {
            as(cidToken).post("/api/agents/cid/inbox/" + notice.get("item_id") + "/ack").then().statusCode(200)
                    .body(jsonPath("acked", equalTo(true)));
        }
        assertEquals(List.of("t2", "t3"), items("cid", "project_id", p).stream().map(i -> i.get("task_id")).toList());

        // t2 and t3 were assigned before the run: the run stops after cid's t2, and resumes when the operator says
        operator("POST", base + "/run", "{\"agents\": \"real\", \"mode\": \"incremental\", "
                + "\"checkpoint_frequency\": \"after_each_task\"}").statusCode(202);
        report(p, "t2", "complete", "cid").statusCode(200);
        api().get(base + "/runs/run-1").then().body(jsonPath("status", equalTo("PAUSED_AT_CHECKPOINT")));
        operator("POST", base + "/interrupts", "{\"action\": \"resume\"}").statusCode(202);
        for (String agent : List.of("ann", "bob", "cid")) {
            List<Map<String, Object>> run = items(agent, "project_id", p).stream()
                    .filter(i -> String.valueOf(i.get("kind")).startsWith("run_")).toList();
            assertEquals(List.of("run_paused", "run_resumed"), run.stream().map(i -> i.get("kind")).toList(), agent);
            assertEquals("run-1", ((Map<?, ?>) run.get(1).get("payload")).get("run_id"));
        }
    }
}
