package io.conclave.model.memory;

import org.kie.api.definition.type.ClassReactive;

import io.conclave.model.Fact;

/**
 * An agent's state as the chapter's {@code AgentStateManager} saves it: its beliefs (a JSON object), goals (a JSON
 * array), performance metrics (a JSON object), when it was saved, and the number of its latest checkpoint. Its
 * memory is its {@link MemoryItem}s, which a checkpoint copies.
 */
@ClassReactive
public class AgentState implements Fact {
    /** Beliefs, goals and metrics, as JSON text; a part null in a checkpoint's request is the one last saved. */
    public record Mind(String beliefs, String goals, String metrics) {
        public static final Mind EMPTY = new Mind("{}", "[]", "{}");

        /** This mind, its missing parts taken from {@code previous}. */
        public Mind over(Mind previous) {
            return new Mind(beliefs != null ? beliefs : previous.beliefs(), goals != null ? goals : previous.goals(),
                    metrics != null ? metrics : previous.metrics());
        }
    }

    private final String agentId;
    private Mind mind = Mind.EMPTY;
    private long savedAt;
    private int saves;
    private int checkpoints;

    public AgentState(String agentId) {
        this.agentId = agentId;
    }

    public String getAgentId() { return agentId; }
    public Mind getMind() { return mind; }
    public long getSavedAt() { return savedAt; }
    public int getSaves() { return saves; }
    /** Checkpoints taken in all (the number of the latest). */
    public int getCheckpoints() { return checkpoints; }

    public void save(Mind newMind, long at) {
        mind = newMind;
        savedAt = at;
        saves++;
    }

    /** The number of a new checkpoint. */
    public int nextCheckpoint() {
        return ++checkpoints;
    }

    @Override
    public String factKey() {
        return agentId;
    }

    @Override
    public String describe() {
        return "state of " + agentId + " [saved " + saves + " time(s), " + checkpoints + " checkpoint(s)]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
