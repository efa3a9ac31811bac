package io.conclave.model.command;

/** The project goes back to a saved state: the state right after journal entry {@code seq}. */
public record RestoreCheckpoint(String checkpointId, long seq) implements ProjectCommand {
    public static final String TYPE = "restore";

    @Override
    public String type() {
        return TYPE;
    }
}
