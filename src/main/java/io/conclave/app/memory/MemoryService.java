package io.conclave.app.memory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.Checks;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.engine.conversation.ConversationView;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.command.CheckpointAgent;
import io.conclave.model.command.MemoryCommand;
import io.conclave.model.command.OpenWorkingMemory;
import io.conclave.model.command.RestoreAgent;
import io.conclave.model.command.RetrieveMemory;
import io.conclave.model.command.SaveAgentMind;
import io.conclave.model.command.StoreMemory;
import io.conclave.model.command.WriteSharedMemory;
import io.conclave.model.memory.MemoryViews;
import io.conclave.model.memory.MemoryViews.AgentMemoryView;
import io.conclave.model.memory.MemoryViews.Facts;
import io.conclave.engine.policy.Outputs;

/**
 * The memory of a project or a conversation behind the REST layer: checks a command (every problem with its JSON
 * path), makes sure the agent acts as itself, and hands it to the owner's runtime, which journals it like any of
 * its commands; rules/memory/ decides what is kept, moved, promoted or propagated. Reads come from the owner's
 * facts under its lock.
 */
@ApplicationScoped
public class MemoryService {
    /** Whose memory: a project's or a conversation's. */
    public enum Owner { PROJECT, CONVERSATION }

    /** What a store answers: the item, what the store moved to long-term memory, and the agent's memory after it. */
    public record Stored(MemoryViews.ItemView item, List<String> movedToLongTerm, AgentMemoryView memory) {
    }

    /** What a retrieval answers: the item (its value, tier, accesses) and whether it came back to short-term memory. */
    public record Retrieved(String key, com.fasterxml.jackson.databind.JsonNode value, String tier, int accessCount,
                            boolean promoted) {
    }

    private final Access access;
    private final Checks checks;

    public MemoryService(Access access, Checks checks) {
        this.access = access;
        this.checks = checks;
    }

    /** {@code { agent_id?, capacity }}: the agent opens its working memory with a capacity, or changes it. */
    public AgentMemoryView open(Caller caller, Owner owner, String id, String agentId, OpenWorkingMemory body) {
        OpenWorkingMemory given = Checks.present(body, "the request");
        OpenWorkingMemory c = checks.valid(new OpenWorkingMemory(agent(caller, given.agentId(), agentId),
                given.capacity()), "the request");
        return execute(caller, owner, id, c, f -> { }, f -> MemoryViews.agent(f, agentId));
    }

    /** {@code { agent_id?, key, value, importance? }}: the agent stores an item in its working memory. */
    public Stored store(Caller caller, Owner owner, String id, String agentId, StoreMemory body) {
        StoreMemory given = Checks.present(body, "the item");
        StoreMemory c = checks.valid(new StoreMemory(agent(caller, given.agentId(), agentId), given.key(), given.value(),
                given.importance()), "the item");
        Set<String> longBefore = new HashSet<>();
        return execute(caller, owner, id, c, f -> MemoryViews.agent(f, agentId).longTerm()
                .forEach(i -> longBefore.add(i.key())), f -> {
                    AgentMemoryView after = MemoryViews.agent(f, agentId);
                    List<String> moved = after.longTerm().stream().map(MemoryViews.ItemView::key)
                            .filter(k -> !longBefore.contains(k)).toList();
                    return new Stored(MemoryViews.item(f, agentId, c.key()), moved, after);
                });
    }

    /** The agent retrieves an item: an access, journaled (404 {@code not_in_memory} when it holds none). */
    public Retrieved retrieve(Caller caller, Owner owner, String id, String agentId, String key, RetrieveMemory body) {
        String bodyAgent = body == null ? null : body.agentId();
        RetrieveMemory c = checks.valid(new RetrieveMemory(agent(caller, bodyAgent, agentId),
                Checks.fromPath(body == null ? null : body.key(), key, "key")), "the request");
        boolean[] wasShort = new boolean[1];
        return execute(caller, owner, id, c, f -> wasShort[0] = MemoryViews.inShortTerm(f, agentId, key), f -> {
            MemoryViews.ItemView item = MemoryViews.item(f, agentId, key);
            boolean inShort = MemoryViews.inShortTerm(f, agentId, key);
            return new Retrieved(key, item.value(), inShort ? "short" : "long", item.accessCount(),
                    inShort && !wasShort[0]);
        });
    }

    /** {@code { agent_id?, beliefs?, goals?, metrics? }}: the agent saves its state. */
    public AgentMemoryView saveState(Caller caller, Owner owner, String id, String agentId, SaveAgentMind body) {
        SaveAgentMind given = Checks.present(body, "the state");
        SaveAgentMind c = checks.valid(new SaveAgentMind(agent(caller, given.agentId(), agentId), given.beliefs(),
                given.goals(), given.metrics()), "the state");
        return execute(caller, owner, id, c, f -> { }, f -> MemoryViews.agent(f, agentId));
    }

    /** {@code { agent_id?, beliefs?, goals?, metrics? }}: the agent checkpoints its state (and working memory). */
    public AgentMemoryView checkpoint(Caller caller, Owner owner, String id, String agentId, CheckpointAgent body) {
        CheckpointAgent given = body == null ? new CheckpointAgent(null, null, null, null) : body;
        CheckpointAgent c = checks.valid(new CheckpointAgent(agent(caller, given.agentId(), agentId), given.beliefs(),
                given.goals(), given.metrics()), "the checkpoint");
        return execute(caller, owner, id, c, f -> { }, f -> MemoryViews.agent(f, agentId));
    }

    /** The agent goes back to a kept checkpoint (404 {@code checkpoint_not_kept} otherwise). */
    public AgentMemoryView restore(Caller caller, Owner owner, String id, String agentId, int checkpoint,
                                   RestoreAgent body) {
        String bodyAgent = body == null ? null : body.agentId();
        if (body != null && body.checkpoint() != null && body.checkpoint() != checkpoint) {
            Checks.fromPath(String.valueOf(body.checkpoint()), String.valueOf(checkpoint), "checkpoint");
        }
        RestoreAgent c = checks.valid(new RestoreAgent(agent(caller, bodyAgent, agentId), checkpoint), "the request");
        return execute(caller, owner, id, c, f -> { }, f -> MemoryViews.agent(f, agentId));
    }

    /** {@code { agent_id, value, consistency? }}: an agent writes a key of the shared memory. */
    public MemoryViews.SharedView write(Caller caller, Owner owner, String id, String key, WriteSharedMemory body) {
        WriteSharedMemory given = Checks.present(body, "the write");
        caller.actAs(given.agentId());
        WriteSharedMemory c = checks.valid(new WriteSharedMemory(given.agentId(),
                Checks.fromPath(given.key(), key, "key"), given.value(), given.consistency()), "the write");
        return execute(caller, owner, id, c, f -> { }, f -> MemoryViews.shared(f, key));
    }

    /** One agent's memory: its working memory, state and kept checkpoints (the agent itself, or an operator). */
    public AgentMemoryView agentMemory(Caller caller, Owner owner, String id, String agentId) {
        Checks.id(agentId, "agent_id");
        caller.readsFor(agentId);
        return read(caller, owner, id, f -> MemoryViews.agent(f, agentId));
    }

    /**
     * The memory of every agent of the owner that has any, by agent id: all of them for an operator or an admin, its
     * own only for an agent (as {@link #agentMemory} allows).
     */
    public List<AgentMemoryView> agents(Caller caller, Owner owner, String id) {
        return read(caller, owner, id, MemoryViews::agents).stream()
                .filter(a -> caller.isOperator() || a.agentId().equals(caller.agentId())).toList();
    }

    /** Every key of the shared memory, with every agent's copy. */
    public List<MemoryViews.SharedView> shared(Caller caller, Owner owner, String id) {
        return read(caller, owner, id, MemoryViews::shared);
    }

    /**
     * Whether a read of a shared key asks for the home copy: {@code consistency} "strong" (true), "eventual" or none
     * (false); anything else is a 400 at the query parameter's path, {@code consistency}.
     */
    public static boolean strong(String consistency) {
        if (consistency != null && !consistency.equals("strong") && !consistency.equals("eventual")) {
            throw Checks.invalid(List.of(new Problem("consistency", "must be \"strong\" or \"eventual\", was \""
                    + consistency + "\"")));
        }
        return "strong".equals(consistency);
    }

    /**
     * A read of a shared key: as {@code agentId} reads it (its own copy first, else the home copy; the agent itself
     * or an operator), or the home copy ({@code strong}, or no agent). 404 {@code shared_key_not_found}.
     */
    public MemoryViews.ReadView read(Caller caller, Owner owner, String id, String key, String agentId, boolean strong) {
        if (agentId != null) {
            Checks.id(agentId, "agent_id");
            caller.readsFor(agentId);
        }
        MemoryViews.ReadView r = read(caller, owner, id, f -> MemoryViews.read(f, key, agentId, strong));
        if (r == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "shared_key_not_found", "the shared memory of "
                    + owner.name().toLowerCase(java.util.Locale.ROOT) + " " + id + " has no key '" + key + "'");
        }
        return r;
    }

    /** The agent of the path, which the body may repeat and the caller must be. */
    private static String agent(Caller caller, String inBody, String inPath) {
        Checks.id(inPath, "agent_id");
        String agentId = Checks.fromPath(inBody, inPath, "agent_id");
        caller.actAs(agentId);
        return agentId;
    }

    private <T> T execute(Caller caller, Owner owner, String id, MemoryCommand command, Consumer<Facts> before,
                          Function<Facts, T> after) {
        if (owner == Owner.PROJECT) {
            ProjectRuntime rt = access.project(caller, id);
            return rt.command(command, command.agent(), s -> before.accept(facts(s)), s -> after.apply(facts(s)));
        }
        ConversationRuntime rt = access.conversation(caller, id, false);
        return rt.memory(command, v -> {
            if (v.agent(command.agent()) == null) {
                throw new CommandException(CommandException.Kind.NOT_FOUND, "not_a_member", command.agent()
                        + " is not a member of conversation " + id + ": join it first");
            }
            before.accept(facts(v));
        }, v -> after.apply(facts(v)));
    }

    private <T> T read(Caller caller, Owner owner, String id, Function<Facts, T> reader) {
        if (owner == Owner.PROJECT) {
            return access.project(caller, id).read(s -> reader.apply(facts(s)));
        }
        return access.conversation(caller, id, true).read(v -> reader.apply(facts(v)));
    }

    private static Facts facts(ProjectSession s) {
        return new Facts() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return s.outputs(Outputs.forType(type));
            }
        };
    }

    private static Facts facts(ConversationView v) {
        return new Facts() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return v.outputs(Outputs.forType(type));
            }
        };
    }
}
