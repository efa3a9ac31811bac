package io.conclave.examples.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent whose LLM ({@link TeamLead}) proposes assignees for the project's open tasks and writes its replies in
 * conversations. Everything it does goes through Conclave's REST API with its own token: a proposal is taken or
 * refused by the rules (rules/assignment/proposals.drl), and, once the task is served, accepted or overruled
 * with the reason. Its requests come from its inbox; it acknowledges each item it handled.
 */
public final class LlmAgent {
    /** What became of one proposal: the task, whom the LLM named, the service's status and its words. */
    public record Proposal(String taskId, String assignee, int status, String outcome) {
    }

    private final ConclaveClient conclave;
    private final String agentId;
    private final TeamLead lead;
    private final Consumer<String> log;

    public LlmAgent(ConclaveClient conclave, String agentId, TeamLead lead, Consumer<String> log) {
        this.conclave = conclave;
        this.agentId = agentId;
        this.lead = lead;
        this.log = log;
    }

    /**
     * Asks the LLM whom to propose for every centralized task of the project not assigned yet (PENDING or READY),
     * and proposes that agent; returns what became of each proposal.
     */
    public List<Proposal> proposeAssignees(String projectId) {
        String base = "/api/projects/" + projectId;
        Map<String, String> roster = new LinkedHashMap<>();
        for (JsonNode a : conclave.get(base + "/agents").body()) {
            roster.put(a.path("agent_id").asText(), a.path("skill_levels").toString());
        }
        List<Proposal> out = new ArrayList<>();
        for (JsonNode t : conclave.get(base + "/tasks").body()) {
            boolean open = List.of("PENDING", "READY").contains(t.path("status").asText()) && t.path("assignee").isNull();
            if (!open || t.path("meeting_required").asBoolean() || !"centralized".equals(t.path("coordination").asText())) {
                continue;
            }
            String answer = lead.proposeAssignee(t.path("task_id").asText(), t.path("description").asText(),
                    t.path("required_skills").toString(), roster.toString());
            String[] lines = answer.strip().split("\\R", 2);
            String assignee = lines[0].replaceAll("[^A-Za-z0-9_.-]", "");
            String why = lines.length > 1 ? lines[1].strip() : null;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("agent_id", agentId);
            body.put("assignee", assignee);
            body.put("rationale", why);
            ConclaveClient.Answer a = conclave.post(base + "/tasks/" + t.path("task_id").asText() + "/proposals", body);
            String outcome = a.ok() ? a.body().path("decisions").get(a.body().path("decisions").size() - 1)
                    .path("reason").asText() : a.message();
            log.accept("proposed " + assignee + " for " + t.path("task_id").asText() + ": " + a.status() + " " + outcome);
            out.add(new Proposal(t.path("task_id").asText(), assignee, a.status(), outcome));
        }
        return out;
    }

    /**
     * Handles what waits in the agent's inbox for project {@code projectId} once (its tasks, meetings and
     * conversations; an agent id known to other projects gets nothing of theirs): a conversation turn gets the LLM's
     * reply; work assigned to it is started and completed; notices (verdicts of its proposals, pauses) are logged.
     * Each item is acknowledged. Returns how many items it handled.
     */
    public int handleInbox(String projectId) {
        int handled = 0;
        for (JsonNode item : conclave.get("/api/agents/" + agentId + "/inbox?project_id=" + projectId).body()) {
            String kind = item.path("kind").asText();
            JsonNode p = item.path("payload");
            switch (kind) {
                case "turn_granted" -> {
                    JsonNode m = p.path("message");
                    String reply = lead.reply(item.path("conversation_id").asText(), m.path("sender").asText(),
                            m.path("content").asText(), agentId);
                    ConclaveClient.Answer a = conclave.post("/api/conversations/" + item.path("conversation_id").asText()
                            + "/messages", Map.of("sender", agentId, "content", reply.strip()));
                    log.accept("replied in " + item.path("conversation_id").asText() + ": " + a.status());
                }
                case "assignment", "award", "delegation" -> {
                    String task = "/api/projects/" + item.path("project_id").asText() + "/tasks/" + item.path("task_id").asText();
                    conclave.post(task + "/start", Map.of("agent_id", agentId));
                    conclave.post(task + "/complete", Map.of("agent_id", agentId));
                }
                default -> log.accept(kind + ": " + item.path("summary").asText());
            }
            conclave.post(item.path("ack").asText(), null);
            handled++;
        }
        return handled;
    }
}
