package io.conclave.engine.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.engine.conversation.ConversationSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Refusal;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationRequest;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.ConversationSpec;
import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.Stance;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.conversation.TurnOutcome;
import io.conclave.model.conversation.TurnStrategy;
import io.conclave.model.meeting.Threshold;

/**
 * Tier-1 support for the conversation rules: a session of the shipped policy driven by messages and
 * commands at explicit times (seconds after the conversation started), without Quarkus or a journal.
 */
public final class ConversationFixture extends ClockedFixture<ConversationSession, TurnDecision> {
    private long messages;
    private double second;

    private ConversationFixture(ConversationSession session) {
        super(session);
    }

    public static ConversationFixture conversation(ConversationPolicy policy) {
        return conversation(policy, RulesFixture.policy());
    }

    /** A conversation under another set of rules (the shipped ones with a file added, say). */
    public static ConversationFixture conversation(ConversationPolicy policy, io.conclave.engine.policy.Policy rules) {
        return new ConversationFixture(ConversationSession.start(new ConversationSpec("c1", null, policy),
                rules, MAX_FIRINGS, T0, FIRST_SEQ));
    }

    /** The facts of this type in the conversation's working memory. */
    <T> List<T> facts(Class<T> type) {
        return session.facts(type);
    }

    /** A policy of {@code strategy}, roles "expert" and "user" allowed... only "expert" granted turns; no other limit. */
    public static ConversationPolicy policy(TurnStrategy strategy, int maxTurnsPerAgent) {
        return new ConversationPolicy(strategy, maxTurnsPerAgent, List.of("expert"), null, null, null, null,
                ConversationPolicy.DEFAULT_LOOP_LIMIT, null);
    }

    public static ConversationPolicy policy(TurnStrategy strategy, int maxTurnsPerAgent, Double timeoutSeconds,
                                     Integer maxTotalTurns, String primary, Integer collaborativeLimit, int loopLimit,
                                     Threshold consensus) {
        return new ConversationPolicy(strategy, maxTurnsPerAgent, List.of("expert"), timeoutSeconds, maxTotalTurns,
                primary, collaborativeLimit, loopLimit, consensus);
    }

    public static AgentRole expert(int priority, String... capabilities) {
        return new AgentRole("expert", "an expert", Arrays.asList(capabilities), priority);
    }

    public static AgentRole user() {
        return new AgentRole("user", "asks questions", List.of(), 0);
    }

    /** Joins an agent; fails the test when the rules refuse. */
    ConversationFixture with(String agent, AgentRole role) {
        Refusal r = join(agent, role);
        if (r != null) {
            throw new AssertionError(agent + " could not join: " + r.getReason());
        }
        return this;
    }

    Refusal join(String agent, AgentRole role) {
        return decide(ConversationRequest.join(agent, role), at());
    }

    Refusal leave(String agent) {
        return decide(ConversationRequest.leave(agent), at());
    }

    Refusal write(String agent, String key, JsonNode value, long expected) {
        return decide(ConversationRequest.writeContext(agent, key, value, expected), at());
    }

    /** A plain message. */
    Said say(String sender, String... topics) {
        return send(new Msg(sender).topics(topics));
    }

    Said send(Msg m) {
        ConversationMessage message = new ConversationMessage(++messages, Instant.ofEpochMilli(at()), m.sender,
                m.content, m.topics, m.suggestedNext, m.handoffTo, m.stance, m.finalMessage, null);
        int mark = session.ledger().size();
        Refusal refusal = decide(message.toRequest(), at());
        List<TurnDecision> decisions = new ArrayList<>(session.ledger().subList(mark, session.ledger().size()));
        if (refusal != null) {
            messages--;
        }
        return new Said(refusal, refusal == null ? TurnOutcome.of(message.seq(), decisions, session.conversation()) : null,
                decisions);
    }

    /** Lets time pass to {@code seconds} after the start. */
    List<TurnDecision> tick(double seconds) {
        second = seconds;
        return tickAt(at());
    }

    void at(double seconds) {
        second = seconds;
    }

    private long at() {
        return after(second, 1000);
    }

    Member member(String agent) {
        return session.member(agent);
    }

    List<TurnDecision> decisions(TurnDecisionKind kind) {
        return ledgerWhere(d -> d.getKind() == kind);
    }

    /** A message under construction. */
    public static final class Msg {
        final String sender;
        String content = "";
        List<String> topics = List.of();
        String suggestedNext;
        String handoffTo;
        Stance stance;
        boolean finalMessage;

        Msg(String sender) {
            this.sender = sender;
        }

        Msg content(String text) { content = text; return this; }
        Msg topics(String... t) { topics = List.of(t); return this; }
        Msg suggest(String agent) { suggestedNext = agent; return this; }
        Msg handoff(String agent) { handoffTo = agent; return this; }
        Msg stance(String claim, String position) { stance = new Stance(claim, position); return this; }
        Msg last() { finalMessage = true; return this; }
    }

    /** What one message got: the policy's refusal, or the outcome and the decisions it caused. */
    record Said(Refusal refusal, TurnOutcome outcome, List<TurnDecision> decisions) {
        List<String> responders() {
            if (refusal != null) {
                throw new AssertionError("the message was refused: " + refusal.getCode() + " " + refusal.getReason());
            }
            return outcome.responders();
        }

        String rule() {
            return outcome.reason().rule();
        }

        TurnOutcome.RejectedSuggestion rejected() {
            return outcome.rejectedSuggestion();
        }
    }
}
