package io.conclave.model;

/**
 * The project-wide settings the coordination rules read: the default pattern, the contract net's bid
 * window (minutes of the session clock) and how often a task is announced before it is given up, and
 * the length of an execution window when tasks of equal priority share an agent (null: no time
 * slicing, an agent finishes one task before it starts the next).
 */
public final class ProjectSettings implements Fact {
    public static final double DEFAULT_BID_WINDOW_MINUTES = 60;
    public static final int DEFAULT_MAX_ANNOUNCEMENTS = 3;

    private final Coordination coordination;
    private final double bidWindowMinutes;
    private final int maxAnnouncements;
    private final Double timeSliceHours;

    public ProjectSettings(Coordination coordination, double bidWindowMinutes, int maxAnnouncements,
                           Double timeSliceHours) {
        this.coordination = coordination;
        this.bidWindowMinutes = bidWindowMinutes;
        this.maxAnnouncements = maxAnnouncements;
        this.timeSliceHours = timeSliceHours;
    }

    public static ProjectSettings of(ProjectSpec spec) {
        ProjectSpec.ContractNet cn = spec.contractNet();
        return new ProjectSettings(spec.coordinationOrDefault(),
                cn == null || cn.bidWindowMinutes() == null ? DEFAULT_BID_WINDOW_MINUTES : cn.bidWindowMinutes(),
                cn == null || cn.maxAnnouncements() == null ? DEFAULT_MAX_ANNOUNCEMENTS : cn.maxAnnouncements(),
                spec.timeSliceHours());
    }

    public Coordination getCoordination() { return coordination; }
    public double getBidWindowMinutes() { return bidWindowMinutes; }
    /** The bid window in milliseconds of the session clock. */
    public long getBidWindowMillis() { return Math.round(bidWindowMinutes * 60_000); }
    public int getMaxAnnouncements() { return maxAnnouncements; }
    public Double getTimeSliceHours() { return timeSliceHours; }
    public boolean isTimeSlicing() { return timeSliceHours != null; }

    @Override
    public String factKey() { return ""; }

    @Override
    public String describe() {
        return "settings [" + coordination.json() + ", bid window " + bidWindowMinutes + " min, "
                + maxAnnouncements + " announcement(s)" + (timeSliceHours == null ? "" : ", slices of " + timeSliceHours + " h") + "]";
    }
}
