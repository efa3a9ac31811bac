package io.conclave.app.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.conversation.ConversationRegistry;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.model.CommandException;
import io.conclave.model.Ids;
import io.conclave.model.Json;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.meeting.Threshold;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.followup.OwnerCommands;

/**
 * Consensus votes of conversations held as meetings, opened on a worker of their own (never inside
 * the conversation's lock) and caught up at start-up: when the rules of rules/conversations/conversation_rounds.drl
 * open a vote on a contradicted claim, a meeting {@code <conversation>.vote-<round>} is created among
 * the round's responders, chaired by the highest-ranked one, with the policy's threshold. The agents
 * then join, propose and vote through the meeting API; the meeting's rules count the votes.
 * <p>
 * The node that serves the conversation opens the vote, through {@link OwnerCommands} (in a cluster, on the
 * node that serves the meeting), keyed by the conversation and its round: a vote opened again (a catch-up, a
 * node that took the conversation over) is recognised.
 */
@ApplicationScoped
public class ConversationVotes {
    private static final Logger LOG = Logger.getLogger(ConversationVotes.class);

    private final ConversationRegistry conversations;
    private final EventHub hub;
    private final OwnerCommands commands;
    private final Engine engine;
    // Own thread: votes open and close in event order, off the publishing owner's thread (which holds its lock).
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-conversation-votes");
        t.setDaemon(true);
        return t;
    });

    public ConversationVotes(Engine engine, EventHub hub, OwnerCommands commands) {
        this.engine = engine;
        this.commands = commands;
        this.conversations = engine.conversations();
        this.hub = hub;
    }

    void onStart(@Observes @Priority(15) StartupEvent event) {
        hub.subscribe(0, e -> e.conversationId() != null && e.type().equals("CONSENSUS_VOTE_OPENED"),
                e -> worker.execute(() -> {
                    if (conversations.exists(e.conversationId())) { // else its own node opens it
                        open(e.conversationId(), e.projectId(), e.data().path("details"));
                    }
                }));
        if (engine.cluster() != null) {
            engine.cluster().onServing((kind, ids) -> {
                if (kind.equals("conversation")) {
                    worker.execute(() -> catchUp(ids));
                }
            });
        }
        worker.execute(() -> catchUp(conversations.all().stream().map(ConversationRuntime::conversationId).toList()));
    }

    /**
     * Opens the votes a crash left unopened: the journal kept the decision, but the meeting was not
     * created before the process stopped (a replay publishes no events).
     */
    private void catchUp(List<String> ids) {
        for (String cid : ids) {
            if (!conversations.exists(cid)) {
                continue;
            }
            ConversationRuntime rt = conversations.get(cid);
            try {
                List<TurnDecision> votes = rt.read(ConversationView::votesOpened);
                String projectId = rt.read(v -> v.spec().projectId());
                for (TurnDecision d : votes) {
                    open(rt.conversationId(), projectId, Json.MAPPER.valueToTree(d.getDetails()));
                }
            } catch (RuntimeException e) {
                LOG.errorf("conversation %s: votes not caught up: %s", rt.conversationId(), e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** The meeting that holds the vote of a conversation's round. */
    public static String meetingIdFor(String conversationId, int round) {
        return Ids.orDigest(conversationId + ".vote-" + round, "vote-");
    }

    private void open(String conversationId, String projectId, JsonNode d) {
        String id = meetingIdFor(conversationId, d.path("round").asInt());
        String claim = d.path("claim").asText();
        List<String> participants = new ArrayList<>();
        d.path("participants").forEach(p -> participants.add(p.asText()));
        String chair = d.path("chair").asText();
        Protocol protocol = new Protocol(Threshold.parse(d.path("threshold").asText()), null, null, null, null,
                Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES);
        try {
            commands.send(new OwnerCommands.FollowUp("meeting", id, CreateMeeting.of(new MeetingSpec(id,
                    claim.length() > 200 ? claim.substring(0, 200) : claim,
                    "settle the contradiction on '" + claim + "' in conversation " + conversationId, chair, chair,
                    participants, protocol, projectId, null, null)), chair,
                    "conversation:" + conversationId + ":vote:" + d.path("round").asInt(), null));
        } catch (CommandException x) {
            if (!"meeting_exists".equals(x.code())) { // the catch-up finds most votes open already
                LOG.errorf("conversation %s: the vote on '%s' could not be opened: %s", conversationId, claim,
                        x.getMessage());
            }
        }
    }
}
