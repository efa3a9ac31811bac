package io.conclave.app.conversation;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.command.SendMessage;
import io.conclave.model.conversation.ContextWrite;
import io.conclave.model.conversation.Join;
import io.conclave.model.conversation.NewConversation;
import io.conclave.model.conversation.PostedMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;

/**
 * The conversation commands behind the REST layer: binds each body to its typed request and checks it (Bean
 * Validation, every problem at once with its JSON path; {@link Checks}) before the command reaches the
 * conversation's runtime, whose rules decide it.
 */
@ApplicationScoped
public class ConversationService {
    private final ConversationRegistry conversations;
    private final ProjectRegistry projects;
    private final Access access;
    private final Checks checks;

    public ConversationService(Engine engine, Access access, Checks checks) {
        this.conversations = engine.conversations();
        this.projects = engine.projects();
        this.access = access;
        this.checks = checks;
    }

    /** Opens a conversation: an operator's command. */
    public ConversationSnapshot create(Caller caller, JsonNode body) {
        caller.mustOperate("open conversations");
        String actor = caller.name();
        ConversationSpec spec = bind(body, NewConversation.class, "a conversation", "invalid_conversation",
                "the conversation request").toSpec(() -> "conv-" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12));
        if (spec.projectId() != null && !projects.exists(spec.projectId())) {
            throw invalid("unknown_project", "no project '" + spec.projectId() + "'",
                    List.of(new Problem("$.project_id", "names no project")));
        }
        return conversations.create(spec, actor).read(v -> v.snapshot());
    }

    /** Summaries (no history) of every conversation, or of one project's, by id. */
    public List<ConversationSnapshot.Summary> list(Caller caller, String projectId) {
        List<ConversationSnapshot.Summary> out = new java.util.ArrayList<>();
        for (ConversationRuntime rt : conversations.all()) {
            try {
                ConversationRuntime.Listing l = rt.summary(); // kept: a sleeping conversation is not rebuilt
                if ((caller.isOperator() || caller.sees(l.summary().projectId(), l.memberIds()))
                        && (projectId == null || projectId.equals(l.summary().projectId()))) {
                    out.add(l.summary());
                }
            } catch (CommandException closedMeanwhile) {
                // a conversation closed while the list was read is not listed
            }
        }
        return out;
    }

    public ConversationSnapshot get(Caller caller, String id) {
        return visible(caller, id).read(v -> v.snapshot());
    }

    public ConversationSnapshot.AgentView join(Caller caller, String id, JsonNode body) {
        Join join = bind(body, Join.class, "a join request", "invalid_join", "the join request");
        caller.actAs(join.agentId());
        return conversation(id).join(join.agentId(), join.agentRole(), join.capabilities(),
                v -> agentView(v, join.agentId()));
    }

    public void leave(Caller caller, String id, String agentId) {
        conversation(id).leave(caller.actAs(pathId(agentId, "agent_id")));
    }

    public TurnOutcome post(Caller caller, String id, JsonNode body) {
        var m = bind(body, PostedMessage.class, "a message", "invalid_message", "the message").toMessage();
        caller.actAs(m.sender());
        return conversation(id).post(SendMessage.of(m));
    }

    /** The key's value and version; 404 when the key was never written. */
    public ConversationSnapshot.ContextView context(Caller caller, String id, String key) {
        String k = pathId(key, "key");
        ConversationSnapshot.ContextView v = visible(caller, id).read(view -> view.context(k));
        if (v == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "context_key_not_found",
                    "conversation " + id + " has no context key '" + k + "'");
        }
        return v;
    }

    /** Compare-and-set: writes the key only if it is still at the expected version (409 otherwise). */
    public ConversationSnapshot.ContextView writeContext(Caller caller, String id, String key, JsonNode body) {
        String k = pathId(key, "key");
        ContextWrite w = bind(body, ContextWrite.class, "a context write", "invalid_context_write", "the context write");
        caller.actAs(w.agentId());
        return conversation(id).writeContext(w.agentId(), k, w.value(), w.expectedVersion().longValue(),
                view -> view.context(k));
    }

    /** An agent saves its own state (any JSON object). */
    public ConversationSnapshot.AgentView saveState(Caller caller, String id, String agentId, JsonNode state) {
        String agent = caller.actAs(pathId(agentId, "agent_id"));
        if (state == null || !state.isObject()) {
            throw invalid("invalid_state", "an agent's state must be a JSON object", List.of(new Problem("$", "not an object")));
        }
        return conversation(id).saveState(agent, state, v -> agentView(v, agent));
    }

    /** The decisions about the messages its snapshot shows, oldest first, as the API shows them. */
    public List<JsonNode> shownDecisions(Caller caller, String id) {
        return visible(caller, id).read(ConversationView::decisionsOfShownMessages);
    }

    /** A page of the conversation's decisions: those numbered after {@code after}, at most {@code limit}. */
    public List<com.fasterxml.jackson.databind.JsonNode> decisions(Caller caller, String id, long after, int limit) {
        return visible(caller, id).read(v -> v.decisionsAfter(after, limit));
    }

    /** A page of the conversation's messages: those numbered after {@code after}, at most {@code limit}. */
    public List<io.conclave.model.conversation.ConversationMessage> messages(Caller caller, String id, long after,
                                                                             int limit) {
        return visible(caller, id).read(v -> v.messagesAfter(after, limit));
    }

    /** A conversation {@code caller} may read ({@link Access}). */
    private ConversationRuntime visible(Caller caller, String id) {
        return access.conversation(caller, id, true);
    }

    private static ConversationSnapshot.AgentView agentView(ConversationView v, String agentId) {
        return java.util.Objects.requireNonNull(v.agent(agentId), agentId);
    }

    private ConversationRuntime conversation(String id) {
        return conversations.get(pathId(id, "conversation_id"));
    }

    private static String pathId(String id, String name) {
        if (!Ids.isValid(id)) {
            throw invalid("invalid_id", "'" + id + "' is not a valid " + name, List.of(new Problem(name, Ids.problem(id))));
        }
        return id;
    }

    /**
     * {@code body} bound to {@code type} and checked, or 400 {@code code} with every problem (unknown fields first,
     * then in the order of the request's fields); {@code body} names the request when it is no JSON object.
     */
    private <T> T bind(JsonNode body, Class<T> type, String name, String code, String what) {
        try {
            return checks.bindInFieldOrder(body, type, name);
        } catch (CommandException e) {
            Problem first = e.problems().get(0);
            throw invalid(code, what + " has " + e.problems().size() + " problem(s); first: " + first.path() + " "
                    + first.message(), e.problems());
        }
    }

    private static CommandException invalid(String code, String message, List<Problem> problems) {
        return new CommandException(CommandException.Kind.INVALID, code, message, problems, true);
    }
}
