package io.conclave.model;

/**
 * The project-wide settings the coordination rules read: the default pattern, the contract net's bid
 * window (minutes of the session clock) and how often a task is announced before it is given up, and
 * the length of an execution window when tasks of equal priority share an agent (null: no time
 * slicing, an agent finishes one task before it starts the next), and how fast agents learn: a
 * completed task raises each of its required skills by 0.1 x {@code skillDevelopmentRate} (default 1).
 */
public final class ProjectSettings implements Fact {
    public static final double DEFAULT_BID_WINDOW_MINUTES = 60;
    public static final int DEFAULT_MAX_ANNOUNCEMENTS = 3;
    public static final double DEFAULT_SKILL_DEVELOPMENT_RATE = 1;

    private final Coordination coordination;
    private final double bidWindowMinutes;
    private final int maxAnnouncements;
    private final Double timeSliceHours;
    private final double skillDevelopmentRate;

    public ProjectSettings(Coordination coordination, double bidWindowMinutes, int maxAnnouncements,
                           Double timeSliceHours, double skillDevelopmentRate) {
        this.coordination = coordination;
        this.bidWindowMinutes = bidWindowMinutes;
        this.maxAnnouncements = maxAnnouncements;
        this.timeSliceHours = timeSliceHours;
        this.skillDevelopmentRate = skillDevelopmentRate;
    }

    public static ProjectSettings of(ProjectSpec spec) {
        ProjectSpec.ContractNet cn = spec.contractNet();
        return new ProjectSettings(spec.coordinationOrDefault(),
                cn == null || cn.bidWindowMinutes() == null ? DEFAULT_BID_WINDOW_MINUTES : cn.bidWindowMinutes(),
                cn == null || cn.maxAnnouncements() == null ? DEFAULT_MAX_ANNOUNCEMENTS : cn.maxAnnouncements(),
                spec.timeSliceHours(),
                spec.skillDevelopmentRate() == null ? DEFAULT_SKILL_DEVELOPMENT_RATE : spec.skillDevelopmentRate());
    }

    public Coordination getCoordination() { return coordination; }
    public double getBidWindowMinutes() { return bidWindowMinutes; }
    /** The bid window in milliseconds of the session clock. */
    public long getBidWindowMillis() { return Math.round(bidWindowMinutes * 60_000); }
    public int getMaxAnnouncements() { return maxAnnouncements; }
    public Double getTimeSliceHours() { return timeSliceHours; }
    public boolean isTimeSlicing() { return timeSliceHours != null; }
    /** 0..10: a completed task raises each required skill of the agents that did it by 0.1 x this. */
    public double getSkillDevelopmentRate() { return skillDevelopmentRate; }

    @Override
    public String factKey() { return ""; }

    @Override
    public String describe() {
        return "settings [" + coordination.json() + ", bid window " + bidWindowMinutes + " min, "
                + maxAnnouncements + " announcement(s)" + (timeSliceHours == null ? "" : ", slices of " + timeSliceHours + " h")
                + (skillDevelopmentRate == DEFAULT_SKILL_DEVELOPMENT_RATE ? "" : ", skill development rate " + skillDevelopmentRate) + "]";
    }
}
