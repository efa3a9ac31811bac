package io.conclave.model;

import java.time.LocalDateTime;

/**
 * The scheduling mode of a calendar run (same_day, distributed or compressed), whether dependents
 * shift when a dependency finishes late ({@code auto_adjust_dates}), and the run's start date. The
 * simulator inserts it once, at the start of the first calendar run; the planning rules
 * (timeline.drl) read it. One per project.
 */
public final class Timeline implements Fact {
    private final String mode;
    private final boolean autoAdjust;
    private final LocalDateTime startDate;

    public Timeline(String mode, boolean autoAdjust, LocalDateTime startDate) {
        this.mode = mode;
        this.autoAdjust = autoAdjust;
        this.startDate = startDate;
    }

    public String getMode() { return mode; }
    public boolean isAutoAdjust() { return autoAdjust; }
    public LocalDateTime getStartDate() { return startDate; }

    @Override
    public String factKey() { return "timeline"; }

    @Override
    public String describe() {
        return "timeline " + mode + (autoAdjust ? " (auto_adjust_dates)" : "") + " from " + startDate;
    }
}
