package io.conclave.model;

/**
 * How far spawning.drl and management_meetings.drl may go: whether a meeting's accepted proposals
 * become tasks at all, how many tasks may be spawned in the whole project, and how deep (a task of the
 * file has depth 0, a task spawned by task M has depth(M) + 1). A project without a {@code spawning}
 * block spawns nothing from its meetings, so projects written before spawning existed run as before; the
 * caps still bound the management meetings of a simulation, which are turned on by the run instead.
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

    public SpawnSettings(boolean enabled, int maxSpawnedTasks, int maxSpawnDepth) {
        this.enabled = enabled;
        this.maxSpawnedTasks = maxSpawnedTasks;
        this.maxSpawnDepth = maxSpawnDepth;
    }

    public static SpawnSettings of(ProjectSpec spec) {
        ProjectSpec.Spawning s = spec.spawning();
        if (s == null) {
            return new SpawnSettings(false, DEFAULT_MAX_SPAWNED_TASKS, DEFAULT_MAX_SPAWN_DEPTH);
        }
        return new SpawnSettings(s.enabled() == null || s.enabled(),
                s.maxSpawnedTasks() == null ? DEFAULT_MAX_SPAWNED_TASKS : s.maxSpawnedTasks(),
                s.maxSpawnDepth() == null ? DEFAULT_MAX_SPAWN_DEPTH : s.maxSpawnDepth());
    }

    /** True when accepted meeting items become tasks. */
    public boolean isEnabled() { return enabled; }
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
