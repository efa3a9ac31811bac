package io.conclave.model.scheduling;

import java.time.LocalDate;

/**
 * A candidate time for a meeting (its first occurrence when it recurs): {@code index} among the
 * negotiation's candidates, {@code day} counted from the meeting's first date, and minutes since midnight.
 */
public record Slot(int index, int day, LocalDate date, int start, int end) implements Comparable<Slot> {

    /** Earlier date first, then earlier start. */
    @Override
    public int compareTo(Slot other) {
        int byDate = date.compareTo(other.date);
        return byDate != 0 ? byDate : Integer.compare(start, other.start);
    }

    @Override
    public String toString() {
        return date + " " + DayTime.format(start) + "-" + DayTime.format(end);
    }
}
