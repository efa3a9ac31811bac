package io.conclave.ui;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.conversation.ConversationService;
import java.util.List;
import java.util.Objects;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.model.CommandException;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A conversation's page at {@code /conversations/{id}}: the transcript with, for each message, who the
 * rules let answer and why (the strategy, a suggestion taken or overruled), whose turn it is now, the
 * members and the shared context.
 */
@Path("/conversations/{conversationId}")
@Produces(MediaType.TEXT_HTML)
public class ConversationPage {
    private static final List<TurnDecisionKind> TURNS = List.of(TurnDecisionKind.TURN_GRANTED,
            TurnDecisionKind.NO_RESPONDER, TurnDecisionKind.SUGGESTION_REJECTED, TurnDecisionKind.CONVERSATION_TERMINATED);

    private final ConversationService conversations;
    private final CurrentCaller caller;

    public ConversationPage(ConversationService conversations, CurrentCaller caller) {
        this.conversations = conversations;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance conversation(Conversation c);
    }

    /** A message and the turn decisions the rules made about it (granted, overruled suggestion, no responder, end). */
    public record Line(ConversationMessage message, List<TurnDecision> turns) {
    }

    /** What the conversation page shows. */
    public final class Conversation {
        private final ConversationSnapshot snapshot;

        Conversation(ConversationSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        public ConversationSnapshot snapshot() {
            return snapshot;
        }

        public String id() {
            return snapshot.conversationId();
        }

        public List<Line> transcript() {
            List<TurnDecision> decisions = conversations.recentDecisions(caller.get(), id()).stream()
                    .filter(d -> TURNS.contains(d.getKind())).toList();
            return snapshot.history().stream().map(m -> new Line(m, decisions.stream()
                    .filter(d -> Objects.equals(d.getMessageSeq(), m.seq())).toList())).toList();
        }

        /** The last decision that granted a turn: why the current turn holders hold it (null before any message). */
        public TurnDecision lastTurn() {
            List<TurnDecision> granted = conversations.recentDecisions(caller.get(), id()).stream()
                    .filter(d -> d.getKind() == TurnDecisionKind.TURN_GRANTED).toList();
            return granted.isEmpty() ? null : granted.get(granted.size() - 1);
        }
    }

    @GET
    @Operation(hidden = true)
    public String get(@PathParam("conversationId") String id, @QueryParam("fragment") String fragment) {
        Conversation c = new Conversation(conversations.get(caller.get(), id));
        return Pages.render(Templates.conversation(c), fragment, "c", c);
    }

    @ServerExceptionMapper
    public Response refused(CommandException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
