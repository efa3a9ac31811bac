package io.conclave.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRegistry;
import io.conclave.engine.ProjectRuntime;
import io.conclave.engine.ProjectSession;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;

/**
 * Goal conflicts behind the REST layer: checks a proposal or a resolve request (every problem with
 * its JSON path) and journals it as a project command; rules/coordination/goal_conflicts.drl accepts, refuses and
 * resolves. Which option wins is never decided here.
 */
@ApplicationScoped
public class ConflictService {
    static final int MAX_OPTION = 500;
    static final int MAX_TEXT = 2000;
    private static final Set<String> PROPOSAL_FIELDS = Set.of("agent_id", "option", "rationale", "topic", "parties");

    private final ProjectRegistry projects;

    public ConflictService(Engine engine) {
        this.projects = engine.projects();
    }

    /** {@code { agent_id, option, rationale?, topic?, parties? }}: a proposal; opens the conflict if it is the first. */
    public void propose(String projectId, String conflictId, JsonNode body) {
        ProjectRuntime rt = project(projectId, conflictId);
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Problem("$", "the proposal must be a JSON object")));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PROPOSAL_FIELDS.contains(f)) {
                problems.add(new Problem("$." + f, "is not a field here; known fields: " + new TreeSet<>(PROPOSAL_FIELDS)));
            }
        }
        String agent = agent(body, problems);
        String option = text(body, "option", true, MAX_OPTION, problems);
        String rationale = text(body, "rationale", false, MAX_TEXT, problems);
        String topic = text(body, "topic", false, 200, problems);
        List<String> parties = parties(body.get("parties"), problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        ObjectNode command = JsonNodeFactory.instance.objectNode().put("conflict_id", conflictId).put("agent_id", agent)
                .put("option", option.strip()).put("rationale", rationale).put("topic", topic);
        ArrayNode list = command.putArray("parties");
        parties.forEach(list::add);
        rt.command(JournalEntry.CONFLICT_PROPOSAL, agent, command, s -> knownParties(s, parties));
    }

    /** {@code { agent_id }}: a party asks the rules to resolve the conflict now. */
    public void resolve(String projectId, String conflictId, JsonNode body) {
        ProjectRuntime rt = project(projectId, conflictId);
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Problem("$", "the request must be a JSON object")));
        }
        String agent = agent(body, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        rt.command(JournalEntry.CONFLICT_RESOLVE, agent, JsonNodeFactory.instance.objectNode()
                .put("conflict_id", conflictId).put("agent_id", agent), s -> { });
    }

    private ProjectRuntime project(String projectId, String conflictId) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(conflictId, "conflict_id");
        return projects.get(projectId);
    }

    /** Parties must be agents of the project: a typo would make a conflict that never resolves by itself. */
    private static void knownParties(ProjectSession s, List<String> parties) {
        Set<String> agents = new HashSet<>();
        s.agents().forEach(a -> agents.add(a.getAgentId()));
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < parties.size(); i++) {
            if (!agents.contains(parties.get(i))) {
                problems.add(new Problem("$.parties[" + i + "]", "unknown agent '" + parties.get(i) + "' of project "
                        + s.projectId()));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    private static List<String> parties(JsonNode list, List<Problem> problems) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add(new Problem("$.parties", "must be an array of agent ids"));
            return out;
        }
        if (list.size() < 2) {
            problems.add(new Problem("$.parties", "a conflict is between at least 2 agents, not " + list.size()));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String problem = p.isTextual() ? Ids.problem(p.asText()) : "must be an agent id (a string)";
            if (problem != null) {
                problems.add(new Problem("$.parties[" + i + "]", problem));
            } else if (out.contains(p.asText())) {
                problems.add(new Problem("$.parties[" + i + "]", "'" + p.asText() + "' is listed twice"));
            } else {
                out.add(p.asText());
            }
        }
        return out;
    }

    static String agent(JsonNode body, List<Problem> problems) {
        JsonNode a = body.get("agent_id");
        String problem = a == null || a.isNull() ? "is required" : !a.isTextual() ? "must be a string"
                : Ids.problem(a.asText());
        if (problem != null) {
            problems.add(new Problem("$.agent_id", problem));
            return null;
        }
        return a.asText();
    }

    /** A string field of at most {@code max} characters; blank is a problem even when the field is optional. */
    static String text(JsonNode body, String field, boolean required, int max, List<Problem> problems) {
        io.conclave.model.JsonFields fields = new io.conclave.model.JsonFields();
        String v = fields.text(body, field, "$." + field, required, max);
        problems.addAll(fields.problems());
        if (v != null && v.isBlank()) {
            problems.add(new Problem("$." + field, "must not be blank"));
            return null;
        }
        return v;
    }

    static EngineException invalid(List<Problem> problems) {
        return new EngineException(EngineException.Kind.INVALID, "invalid_request", problems.size()
                + " problem(s) in the request: " + problems.get(0).path() + " " + problems.get(0).message(), problems);
    }
}
