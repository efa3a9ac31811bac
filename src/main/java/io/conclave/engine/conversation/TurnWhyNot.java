package io.conclave.engine.conversation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.whynot.ChangeSearch;
import io.conclave.engine.whynot.Scratches;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.command.ConversationCommand;
import io.conclave.model.command.CreateConversation;
import io.conclave.model.command.JoinConversation;
import io.conclave.model.command.SendMessage;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.TurnDecision;
import io.conclave.model.conversation.TurnDecisionKind;
import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.Lever;
import io.conclave.model.whynot.Trial;
import io.conclave.model.whynot.WhyNot;

/**
 * Why an agent did not answer a message of a conversation, answered by replaying the conversation's journal up to
 * the message in scratch copies: once as it ran, then with candidate changes of the message (it names the agent as
 * suggested_next or hands it the turn, it has one of the agent's capabilities as a topic) or of the agent's join (its
 * role has a topic of the message among its capabilities, a higher priority, a role the conversation grants turns
 * to). A change counts when the agent is then among the message's responders.
 */
public final class TurnWhyNot {
    static final int SUGGESTION = 1;
    static final int HANDOFF = 2;
    static final int TOPIC = 3;
    static final int ROLE_CAPABILITY = 4;
    static final int PRIORITY = 5;
    static final int ROLE = 6;
    /** The decisions that settle who answers a message. */
    private static final Set<TurnDecisionKind> DECIDING = EnumSet.of(TurnDecisionKind.TURN_GRANTED,
            TurnDecisionKind.NO_RESPONDER, TurnDecisionKind.CONVERSATION_TERMINATED);

    private final ConversationRuntime conversation;
    private final long seq;
    private final String agentId;
    private final List<JournalEntry<ConversationCommand>> entries;
    private final int messageAt;
    private final int joinAt;
    private final JournaledRuntime.Setting setting;
    /** The decision a replay as it ran made of the message. */
    private TurnDecision asRan;

    private TurnWhyNot(ConversationRuntime conversation, long seq, String agentId,
                       List<JournalEntry<ConversationCommand>> entries, int messageAt, int joinAt) {
        this.conversation = conversation;
        this.seq = seq;
        this.agentId = agentId;
        this.entries = entries;
        this.messageAt = messageAt;
        this.joinAt = joinAt;
        this.setting = Scratches.quiet(conversation.setting);
    }

    /**
     * Answers "why did {@code agentId} not answer message {@code seq}?" within {@code limitNanos} and {@code
     * maxTrials} replays. 404 for a message the conversation does not have or an agent that never joined it; 409
     * when the agent answered it, or joined only after it.
     */
    public static WhyNot of(ConversationRuntime conversation, long seq, String agentId, long limitNanos,
                            int maxTrials) {
        long deadline = System.nanoTime() + limitNanos;
        List<JournalEntry<ConversationCommand>> entries = conversation.entries();
        int messageAt = -1;
        long n = 0;
        for (int i = 0; i < entries.size() && messageAt < 0; i++) {
            if (entries.get(i).command() instanceof SendMessage && ++n == seq) {
                messageAt = i;
            }
        }
        String id = conversation.conversationId();
        if (messageAt < 0) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "message_not_found",
                    "conversation " + id + " has no message " + seq + " (it has " + n + ")");
        }
        int joinAt = -1;
        boolean joined = false;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).command() instanceof JoinConversation j && j.agentId().equals(agentId)) {
                joined = true;
                joinAt = i < messageAt ? i : joinAt;
            }
        }
        if (!joined) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "agent_not_found",
                    agentId + " never joined conversation " + id);
        }
        if (joinAt < 0) {
            throw new CommandException(CommandException.Kind.CONFLICT, "agent_not_member_then", agentId
                    + " joined conversation " + id + " only after message " + seq + ": no change of the message or of"
                    + " its role could have given it that turn");
        }
        TurnWhyNot w = new TurnWhyNot(conversation, seq, agentId, entries, messageAt, joinAt);
        return w.answer(deadline, maxTrials);
    }

    private WhyNot answer(long deadline, int maxTrials) {
        Trial ran = trial(List.of());
        if (asRan == null) {
            throw new CommandException(CommandException.Kind.CONFLICT, "decision_not_replayable", "message " + seq
                    + " of conversation " + conversation.conversationId() + " does not replay as it ran: "
                    + ran.note());
        }
        if (ran.given()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "agent_answered", agentId + " answered message "
                    + seq + " (" + asRan.getReason() + "): ask about an agent that did not");
        }
        JournalEntry<ConversationCommand> e = entries.get(messageAt);
        WhyNot.Decided decided = new WhyNot.Decided(asRan.getSeq(), e.seq(), e.type(), e.actor(), asRan.getRule(),
                asRan.getPolicyVersion(), asRan.getKind().name(), asRan.getResponders(), asRan.getReason());
        List<Lever> levers = levers();
        long started = System.nanoTime();
        ChangeSearch.Result r = ChangeSearch.run(levers, this::trial, deadline, maxTrials);
        return WhyNot.of("turn", conversation.conversationId(), Long.toString(seq), agentId, "why did " + agentId
                + " not answer message " + seq + "?", decided, levers, r.change(), r.then(), r.smallest(),
                r.excluded() == null ? null : r.excluded().trial(), applying(r.change()), r.tried(), maxTrials,
                System.nanoTime() - started, r.stopped());
    }

    // ------------------------------------------------------------------ levers

    private List<Lever> levers() {
        SendMessage m = message();
        AgentRole role = join().role();
        ConversationPolicy policy = policy();
        String target = Long.toString(seq);
        List<Lever> out = new ArrayList<>();
        if (!agentId.equals(m.suggestedNext())) {
            out.add(new Lever("suggestion", "suggestion", SUGGESTION, "turn", "next", target, "suggested_next",
                    m.suggestedNext(), List.of(new Lever.Step(agentId, 1))));
        }
        if (!agentId.equals(m.handoffTo())) {
            out.add(new Lever("handoff", "handoff", HANDOFF, "turn", "next", target, "handoff_to", m.handoffTo(),
                    List.of(new Lever.Step(agentId, 1))));
        }
        Set<String> topics = lower(m.topics());
        for (String c : role.capabilities()) {
            if (!topics.contains(c.toLowerCase(Locale.ROOT))) {
                out.add(new Lever("topic:" + c, "topic", TOPIC, "turn", null, target, c, false,
                        List.of(new Lever.Step(true, 1))));
            }
        }
        Set<String> capabilities = lower(role.capabilities());
        for (String t : m.topics()) {
            if (!capabilities.contains(t.toLowerCase(Locale.ROOT))) {
                out.add(new Lever("capability:" + t, "role_capability", ROLE_CAPABILITY, "turn", null, agentId, t,
                        false, List.of(new Lever.Step(true, 1))));
            }
        }
        int most = Math.min(1000, othersPriority() + 1);
        List<Lever.Step> priorities = new ArrayList<>();
        for (int p = role.priority() + 1; p <= most; p++) {
            priorities.add(new Lever.Step(p, p - role.priority()));
        }
        if (!priorities.isEmpty()) {
            out.add(new Lever("priority", "priority", PRIORITY, "turn", null, agentId, "priority", role.priority(),
                    priorities));
        }
        if (!policy.allowedRoles().contains(role.name())) {
            for (String allowed : policy.allowedRoles()) {
                out.add(new Lever("role:" + allowed, "role", ROLE, "turn", "role", agentId, "name", role.name(),
                        List.of(new Lever.Step(allowed, 1))));
            }
        }
        return out;
    }

    /** The highest priority of another member's role before the message. */
    private int othersPriority() {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < messageAt; i++) {
            if (entries.get(i).command() instanceof JoinConversation j && !j.agentId().equals(agentId)) {
                last.put(j.agentId(), j.role().priority());
            }
        }
        return last.values().stream().mapToInt(Integer::intValue).max().orElse(join().role().priority());
    }

    private static Set<String> lower(List<String> words) {
        Set<String> out = new java.util.TreeSet<>();
        words.forEach(w -> out.add(w.toLowerCase(Locale.ROOT)));
        return out;
    }

    // ------------------------------------------------------------------ one trial

    private Trial trial(List<Edit> edits) {
        ConversationRuntime scratch = ConversationRuntime.scratch(conversation.conversationId(), setting);
        try {
            ConversationRuntime.Applied applied = null;
            for (int i = 0; i <= messageAt; i++) {
                JournalEntry<ConversationCommand> e = entries.get(i);
                ConversationCommand c = i == messageAt ? changedMessage(edits) : i == joinAt ? changedJoin(edits)
                        : e.command();
                try {
                    ConversationRuntime.Applied a = scratch.replayOne(new JournalEntry<>(e.seq(), e.actor(),
                            e.policyVersion(), e.recordedAt(), c, e.key()));
                    applied = i == messageAt ? a : applied;
                } catch (CommandException refused) {
                    if (i == messageAt || i == 0) {
                        return new Trial(false, null, null, null, null, (i == 0 ? "the creation" : "the message")
                                + " was refused: " + refused.getMessage());
                    }
                    // an earlier entry the change makes the rules refuse is left out, as the rules would have
                }
            }
            return outcome(applied.decisions(), edits.isEmpty());
        } catch (RuntimeException e) {
            return new Trial(false, null, null, null, null, "the replay failed: " + e.getMessage());
        } finally {
            Scratches.close(scratch);
        }
    }

    private Trial outcome(List<TurnDecision> decisions, boolean asItRan) {
        TurnDecision deciding = null;
        String rejected = null;
        for (TurnDecision d : decisions) {
            if (DECIDING.contains(d.getKind())) {
                deciding = d;
            } else if (d.getKind() == TurnDecisionKind.SUGGESTION_REJECTED) {
                rejected = "the " + d.getVia() + " was not taken (" + d.getCode() + "): " + d.getReason();
            }
        }
        if (asItRan) {
            asRan = deciding;
        }
        if (deciding == null) {
            return new Trial(false, null, null, null, null, "no rule decided who answers the message");
        }
        boolean given = deciding.getKind() == TurnDecisionKind.TURN_GRANTED
                && deciding.getResponders().contains(agentId);
        return new Trial(given, deciding.getRule(), deciding.getKind().name(), deciding.getResponders(),
                deciding.getReason(), rejected != null ? rejected : passedOver(deciding));
    }

    /** Why the agent was passed over, as the decision recorded it (null when it was a candidate). */
    private String passedOver(TurnDecision d) {
        Object passed = d.getDetails().get("passed_over");
        if (passed instanceof Map<?, ?> m && m.get(agentId) != null) {
            return agentId + " was passed over: " + m.get(agentId);
        }
        return null;
    }

    // ------------------------------------------------------------------ the change, as commands

    private SendMessage message() {
        return (SendMessage) entries.get(messageAt).command();
    }

    private JoinConversation join() {
        return (JoinConversation) entries.get(joinAt).command();
    }

    private ConversationPolicy policy() {
        return ((CreateConversation) entries.get(0).command()).spec().policy();
    }

    private SendMessage changedMessage(List<Edit> edits) {
        SendMessage m = message();
        String suggested = m.suggestedNext();
        String handoff = m.handoffTo();
        List<String> topics = new ArrayList<>(m.topics());
        for (Edit e : edits) {
            switch (e.kind()) {
                case "suggestion" -> {
                    suggested = agentId;
                    handoff = null;
                }
                case "handoff" -> {
                    handoff = agentId;
                    suggested = null;
                }
                case "topic" -> topics.add(e.fact());
                default -> { }
            }
        }
        return new SendMessage(m.sender(), m.content(), topics, suggested, handoff, m.stance(), m.finalMessage());
    }

    private JoinConversation changedJoin(List<Edit> edits) {
        AgentRole r = join().role();
        String name = r.name();
        List<String> capabilities = new ArrayList<>(r.capabilities());
        int priority = r.priority();
        for (Edit e : edits) {
            switch (e.kind()) {
                case "role_capability" -> capabilities.add(e.fact());
                case "priority" -> priority = ((Number) e.to()).intValue();
                case "role" -> name = (String) e.to();
                default -> { }
            }
        }
        return new JoinConversation(agentId, new AgentRole(name, r.description(), capabilities, priority));
    }

    /** How to make the change for real: the join and the message as they would then be sent. */
    private WhyNot.Apply applying(List<Edit> change) {
        if (change == null) {
            return null;
        }
        String base = "/api/conversations/" + conversation.conversationId();
        List<WhyNot.Call> calls = new ArrayList<>();
        List<String> when = new ArrayList<>();
        if (change.stream().anyMatch(e -> List.of("role_capability", "priority", "role").contains(e.kind()))) {
            JoinConversation j = changedJoin(change);
            calls.add(new WhyNot.Call("POST", base + "/agents", Map.of("agent_id", agentId, "role", j.role())));
            when.add(agentId + " joins with the role the body says (instead of its join at journal entry "
                    + entries.get(joinAt).seq() + ")");
        }
        if (change.stream().anyMatch(e -> List.of("suggestion", "handoff", "topic").contains(e.kind()))) {
            calls.add(new WhyNot.Call("POST", base + "/messages", changedMessage(change)));
            when.add(message().sender() + " sends message " + seq + " as the body says");
        }
        return new WhyNot.Apply(String.join("; then ", when), calls);
    }
}
