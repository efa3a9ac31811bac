package io.conclave.model;

import java.time.LocalDateTime;

/**
 * Command the simulator posts at the start of every calendar run: the scheduling mode, auto_adjust_dates
 * and the start date. The first one becomes the project's {@link Timeline} (timeline.drl).
 */
public record StartCalendarRun(String mode, boolean autoAdjust, LocalDateTime startDate) {
    public String getMode() { return mode; }
    public boolean isAutoAdjust() { return autoAdjust; }
    public LocalDateTime getStartDate() { return startDate; }
}
