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

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.api.ApiException;
import io.conclave.model.CommandException;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationMetrics;
import io.conclave.model.conversation.ConversationSnapshot;
import io.conclave.model.conversation.TurnDecisionKind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A conversation's page at {@code /conversations/{id}}: the transcript with, for each message, who the
 * rules let answer and why (the strategy, a suggestion taken or overruled), whose turn it is now, the
 * members, the conversation design's success metrics and the shared context.
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
    public record Line(ConversationMessage message, List<Decision> turns) {
    }

    /** What the page shows of a decision, read from the ledger as the API shows it. */
    public record Decision(TurnDecisionKind kind, Long messageSeq, List<String> responders, String agentId, String via,
                           String code, String reason, String rule, String policyVersion) {
        static Decision of(JsonNode d) {
            List<String> responders = new java.util.ArrayList<>();
            d.path("responders").forEach(r -> responders.add(r.asText()));
            return new Decision(TurnDecisionKind.valueOf(d.path("kind").asText()),
                    d.hasNonNull("message_seq") ? d.get("message_seq").asLong() : null, List.copyOf(responders),
                    text(d, "agent_id"), text(d, "via"), text(d, "code"), text(d, "reason"), text(d, "rule"),
                    text(d, "policy_version"));
        }

        private static String text(JsonNode d, String field) {
            return d.hasNonNull(field) ? d.get(field).asText() : null;
        }
    }

    /** What the conversation page shows. */
    public final class Conversation {
        private final ConversationSnapshot snapshot;
        private List<Decision> shown;

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
            List<Decision> decisions = shownDecisions().stream().filter(d -> TURNS.contains(d.kind())).toList();
            return snapshot.history().stream().map(m -> new Line(m, decisions.stream()
                    .filter(d -> Objects.equals(d.messageSeq(), m.seq())).toList())).toList();
        }

        /** The conversation design's task completion rate in words: "2 of 3 turns answered (66.7%), 1 open". */
        public String completion() {
            ConversationMetrics m = snapshot.metrics();
            return m.turnsAnswered() + " of " + m.turnsGranted() + " turn(s) answered" + percent(m.taskCompletionRate())
                    + ", " + m.turnsOpen() + " open";
        }

        /** The response latency in words: "mean 1.25 s, longest 2.00 s, over 2 answer(s)". */
        public String latency() {
            ConversationMetrics.Latency l = snapshot.metrics().responseLatency();
            return l.count() == 0 ? "no answer yet" : "mean " + seconds(l.meanMillis()) + ", longest "
                    + seconds(l.maxMillis()) + ", over " + l.count() + " answer(s)";
        }

        /** The agent utilisation in words: "2 of 3 agents of a role granted turns answered at least once (66.7%)". */
        public String utilisation() {
            ConversationMetrics m = snapshot.metrics();
            return m.agentsWorking() + " of " + m.agentsEligible() + " agent(s) of a role granted turns answered at least "
                    + "once" + percent(m.agentUtilisation());
        }

        /** An agent's mean latency in words, or a dash. */
        public String meanLatency(ConversationMetrics.AgentMetrics a) {
            return a.meanLatencyMillis() == null ? "-" : seconds(a.meanLatencyMillis());
        }

        /** An agent's share of the answers in words, or a dash. */
        public String share(ConversationMetrics.AgentMetrics a) {
            return a.shareOfAnswers() == null ? "-" : percent(a.shareOfAnswers()).replaceAll("[ ()]", "");
        }

        private static String percent(Double share) {
            return share == null ? "" : String.format(java.util.Locale.ROOT, " (%.1f%%)", share * 100);
        }

        private static String seconds(long millis) {
            return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1000.0);
        }

        /** The last decision that granted a turn: why the current turn holders hold it (null before any message). */
        public Decision lastTurn() {
            List<Decision> granted = shownDecisions().stream().filter(d -> d.kind() == TurnDecisionKind.TURN_GRANTED)
                    .toList();
            return granted.isEmpty() ? null : granted.get(granted.size() - 1);
        }

        /** The decisions about the messages shown, read once for the page (from the history beyond memory). */
        private List<Decision> shownDecisions() {
            if (shown == null) {
                shown = conversations.shownDecisions(caller.get(), id()).stream().map(Decision::of).toList();
            }
            return shown;
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
