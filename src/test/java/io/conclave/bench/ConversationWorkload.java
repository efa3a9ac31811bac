package io.conclave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.Json;
import io.conclave.model.conversation.AgentRole;
import io.conclave.model.conversation.ConversationMessage;
import io.conclave.model.conversation.ConversationPolicy;
import io.conclave.model.conversation.TurnStrategy;

/**
 * The workload of the conversation benchmarks ({@link ConversationBenchmark} in-process,
 * {@link ConversationLoadBenchmark} over REST), drawn from a seeded {@link SplittableRandom}: agents of
 * role {@value #ROLE} with priorities 0-9 and 1-4 capabilities out of {@link #TOPICS}, and messages
 * from a random member on 0-3 of those topics, one in {@value #SUGGEST_ONE_IN} suggesting another
 * member as the next speaker. Messages carry no handoff, stance or final flag, and the conversations
 * no shared context, so they never end and never open a vote: every message asks the turn strategy.
 */
final class ConversationWorkload {
    static final String ROLE = "expert";
    /** Large enough that no agent ever reaches it (the API accepts at most 1,000,000). */
    static final int MAX_TURNS_PER_AGENT = 1_000_000;
    /** The collaborative strategy lets at most this many agents answer one message. */
    static final int COLLABORATIVE_LIMIT = 3;
    static final String[] TOPICS = {
        "java", "sql", "security", "frontend", "devops", "testing", "architecture", "data", "ml", "cloud", "docs",
        "compliance"};
    private static final int SUGGEST_ONE_IN = 5;

    private ConversationWorkload() {
    }

    /** An agent to join: its id and its role. */
    record Agent(String id, AgentRole role) {
    }

    /** A message before the conversation numbered it: sender, content, topics (lower case), suggested_next or null. */
    record Message(String sender, String content, List<String> topics, String suggestedNext) {

        /** As the runtime would hold it once accepted as message {@code seq} at {@code at}. */
        ConversationMessage numbered(long seq, Instant at) {
            return new ConversationMessage(seq, at, sender, content, topics, suggestedNext, null, null, false, null);
        }

        /** The body of {@code POST /api/conversations/{id}/messages}. */
        String json() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("sender", sender).put("content", content);
            topics.forEach(body.putArray("topics")::add);
            if (suggestedNext != null) {
                body.put("suggested_next", suggestedNext);
            }
            return write(body);
        }
    }

    /** {@code n} agents a0, a1...: priority 0-9, 1-4 distinct capabilities. */
    static List<Agent> agents(int n, SplittableRandom random) {
        List<Agent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> capabilities = distinctTopics(1 + random.nextInt(4), random);
            out.add(new Agent("a" + i, new AgentRole(ROLE, "an expert in " + String.join(", ", capabilities),
                    capabilities, random.nextInt(10))));
        }
        return out;
    }

    /** A message from a random member on 0-3 topics, sometimes suggesting another member. */
    static Message message(List<Agent> members, SplittableRandom random) {
        String sender = members.get(random.nextInt(members.size())).id();
        List<String> topics = distinctTopics(random.nextInt(4), random);
        String suggested = null;
        if (members.size() > 1 && random.nextInt(SUGGEST_ONE_IN) == 0) {
            do {
                suggested = members.get(random.nextInt(members.size())).id();
            } while (suggested.equals(sender));
        }
        String content = topics.isEmpty() ? "A general remark from " + sender + "."
                : "What about " + String.join(" and ", topics) + "? " + sender + " has a question.";
        return new Message(sender, content, topics, suggested);
    }

    /** The policy the benchmarks run: only {@value #ROLE} is granted turns, with no limit that is ever reached. */
    static ConversationPolicy policy(TurnStrategy strategy) {
        Integer collaborative = strategy == TurnStrategy.COLLABORATIVE ? COLLABORATIVE_LIMIT : null;
        return new ConversationPolicy(strategy, MAX_TURNS_PER_AGENT, List.of(ROLE), null, null, null, collaborative,
                ConversationPolicy.DEFAULT_LOOP_LIMIT, null);
    }

    /** The body of {@code POST /api/conversations} opening conversation {@code id} under {@link #policy}. */
    static String createJson(String id, TurnStrategy strategy) {
        ConversationPolicy p = policy(strategy);
        ObjectNode body = Json.MAPPER.createObjectNode().put("conversation_id", id);
        ObjectNode policy = body.putObject("policy").put("turn_strategy", strategy.json())
                .put("max_turns_per_agent", p.maxTurnsPerAgent());
        p.allowedRoles().forEach(policy.putArray("allowed_roles")::add);
        if (p.collaborativeLimit() != null) {
            policy.put("collaborative_limit", p.collaborativeLimit());
        }
        return write(body);
    }

    /** The body of {@code POST /api/conversations/{id}/agents}. */
    static String joinJson(Agent a) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("agent_id", a.id());
        ObjectNode role = body.putObject("role").put("name", a.role().name()).put("description", a.role().description())
                .put("priority", a.role().priority());
        a.role().capabilities().forEach(role.putArray("capabilities")::add);
        return write(body);
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> distinctTopics(int n, SplittableRandom random) {
        List<String> out = new ArrayList<>(n);
        while (out.size() < n) {
            String t = TOPICS[random.nextInt(TOPICS.length)];
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String write(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
