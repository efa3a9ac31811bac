package io.conclave.model;

/**
 * How far spawning.drl and management_meetings.drl may go: whether a meeting's accepted proposals
 * become tasks at all, how many tasks may be spawned in the whole project, and how deep (a task of the
 * file has depth 0, a task spawned by task M has depth(M) + 1). Whether a project without a {@code spawning} block
 * spawns is the policy's: {@code defaulted} says the file has none ({@code enabled} is false then, as policies
 * written before the default read it: they spawn nothing for such a file; the shipped policy spawns by default,
 * execution/spawning.drl). The caps still bound the management meetings of a simulation, which are turned on by
 * the run instead.
 */
public final class SpawnSettings implements Fact {
    /** Tasks spawned in one project when the file gives no {@code max_spawned_tasks}. */
    public static final int DEFAULT_MAX_SPAWNED_TASKS = 20;
    /** Deepest spawn when the file gives no {@code max_spawn_depth}: an item of a meeting that was itself spawned. */
    public static final int DEFAULT_MAX_SPAWN_DEPTH = 2;
    /** Upper bounds the validator accepts. */
    public static final int MAX_SPAWNED_TASKS_LIMIT = 1000;
    public static final int MAX_SPAWN_DEPTH_LIMIT = 10;

    private final boolean enabled;
    private final int maxSpawnedTasks;
    private final int maxSpawnDepth;
    /**
     * True when the file has no spawning block. Left out of a snapshot's text when false, so a project with a block
     * snapshots as it did before this field; a snapshot restores it from the project's spec (ProjectSession.restore).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
    private final boolean defaulted;

    public SpawnSettings(boolean enabled, int maxSpawnedTasks, int maxSpawnDepth) {
        this(enabled, maxSpawnedTasks, maxSpawnDepth, false);
    }

    public SpawnSettings(boolean enabled, int maxSpawnedTasks, int maxSpawnDepth, boolean defaulted) {
        this.enabled = enabled;
        this.maxSpawnedTasks = maxSpawnedTasks;
        this.maxSpawnDepth = maxSpawnDepth;
        this.defaulted = defaulted;
    }

    public static SpawnSettings of(ProjectSpec spec) {
        ProjectSpec.Spawning s = spec.spawning();
        if (s == null) {
            return new SpawnSettings(false, DEFAULT_MAX_SPAWNED_TASKS, DEFAULT_MAX_SPAWN_DEPTH, true);
        }
        return new SpawnSettings(s.enabled() == null || s.enabled(),
                s.maxSpawnedTasks() == null ? DEFAULT_MAX_SPAWNED_TASKS : s.maxSpawnedTasks(),
                s.maxSpawnDepth() == null ? DEFAULT_MAX_SPAWN_DEPTH : s.maxSpawnDepth());
    }

    /** True when the file's block turns spawning on (false without a block: see {@link #isDefaulted}). */
    public boolean isEnabled() { return enabled; }
    /** True when the file has no spawning block: the policy decides whether its meetings spawn. */
    public boolean isDefaulted() { return defaulted; }
    public int getMaxSpawnedTasks() { return maxSpawnedTasks; }
    public int getMaxSpawnDepth() { return maxSpawnDepth; }

    @Override
    public String factKey() { return ""; }

    @Override
    public String describe() {
        return "spawning [" + (enabled ? "on" : "off") + ", at most " + maxSpawnedTasks + " task(s), depth "
                + maxSpawnDepth + "]";
    }
}
