package io.conclave.model.scheduling;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The fact that opens a negotiation: the meeting, who is invited, the grain of start times, and
 * whether it may displace lower-priority commitments. Only a negotiation session holds one, so every
 * scheduling rule matches it (or a fact derived from it) first.
 */
public final class Negotiation {
    /** The id of the negotiation a request asks for; renegotiations of displaced meetings get their own. */
    public static final String MAIN = "main";

    private final String id;
    private final MeetingToPlace meeting;
    private final List<String> participants;
    private final int grainMinutes;
    private final boolean mayDisplace;
    private final boolean renegotiation;
    private final NegotiationMode mode;
    private final boolean compareDates;

    /** A broadcast negotiation that compares dates. */
    public Negotiation(String id, MeetingToPlace meeting, List<String> participants, int grainMinutes,
                       boolean mayDisplace, boolean renegotiation) {
        this(id, meeting, participants, grainMinutes, mayDisplace, renegotiation, NegotiationMode.BROADCAST, true);
    }

    /** {@code mayDisplace} holds only when broadcasting: the hourly walk knows no priorities. */
    public Negotiation(String id, MeetingToPlace meeting, List<String> participants, int grainMinutes,
                       boolean mayDisplace, boolean renegotiation, NegotiationMode mode, boolean compareDates) {
        this.id = id;
        this.meeting = meeting;
        this.participants = List.copyOf(participants);
        this.grainMinutes = grainMinutes;
        this.mayDisplace = mayDisplace && mode == NegotiationMode.BROADCAST;
        this.renegotiation = renegotiation;
        this.mode = mode;
        this.compareDates = compareDates;
    }

    public String getId() { return id; }
    public MeetingToPlace getMeeting() { return meeting; }
    public List<String> getParticipants() { return participants; }
    public int getGrainMinutes() { return grainMinutes; }
    public boolean isMayDisplace() { return mayDisplace; }
    public boolean isRenegotiation() { return renegotiation; }
    public int getMinimumParticipants() { return meeting.minimumParticipants(); }
    public NegotiationMode getMode() { return mode; }
    /** True in the hourly walk (one slot per round), false when broadcasting every candidate at once. */
    public boolean isWalk() { return mode == NegotiationMode.HOURLY_WALK; }
    /** True when a participant's availability counts only on its own date (false: hours alone, any date). */
    public boolean isCompareDates() { return compareDates; }
    /** How many participants are asked. */
    public int getInvitedCount() { return participants.size(); }

    /** The meeting's priority, 0 when it has none (then it displaces nothing: commitments are 1-5 or unmovable). */
    public int getPriority() {
        return meeting.priority() == null ? 0 : meeting.priority();
    }

    /** Every start on every date at the grain from the window start, as long as the meeting ends in the window. */
    public List<Slot> candidateSlots() {
        List<Slot> slots = new ArrayList<>();
        int day = 0;
        for (LocalDate d = meeting.date(); !d.isAfter(meeting.lastDate()); d = d.plusDays(1), day++) {
            if (!meeting.mayStartOn(d)) {
                continue;
            }
            for (int s = meeting.windowStart(); s + meeting.durationMinutes() <= meeting.windowEnd(); s += grainMinutes) {
                slots.add(new Slot(slots.size(), day, d, s, s + meeting.durationMinutes()));
            }
        }
        return slots;
    }

    /** True when the meeting recurs but the request named the recurrence by a word, without a count. */
    public boolean isRecurrenceCountOpen() {
        return meeting.recurrence() != null && !meeting.recurrence().countGiven();
    }

    /** The same negotiation, its meeting held {@code times} times as its recurrence says. */
    public Negotiation withRecurrenceTimes(int times) {
        return new Negotiation(id, meeting.withRecurrence(meeting.recurrence().times(times)), participants, grainMinutes,
                mayDisplace, renegotiation, mode, compareDates);
    }

    /** The date of occurrence {@code k} of a slot (0 = the slot's own date). */
    public LocalDate occurrenceDate(Slot slot, int k) {
        return meeting.occurrence(slot.date(), k);
    }

    /** The hourly walk's first slot: the window start on the meeting's date. */
    public Slot getFirstWalkSlot() {
        return new Slot(0, 0, meeting.date(), meeting.windowStart(), meeting.windowStart() + meeting.durationMinutes());
    }

    /**
     * The slot the hourly walk asks about after {@code slot}: one hour later while the meeting still ends in the
     * window, else the window start of the next date up to the last; null after the last hour of the last date.
     */
    public Slot walkSlotAfter(Slot slot) {
        int start = slot.start() + 60;
        if (start + meeting.durationMinutes() <= meeting.windowEnd()) {
            return new Slot(0, slot.day(), slot.date(), start, start + meeting.durationMinutes());
        }
        int day = slot.day() + 1;
        for (LocalDate d = slot.date().plusDays(1); !d.isAfter(meeting.lastDate()); d = d.plusDays(1), day++) {
            if (meeting.mayStartOn(d)) {
                return new Slot(0, day, d, meeting.windowStart(), meeting.windowStart() + meeting.durationMinutes());
            }
        }
        return null;
    }

    /** The hourly walk's request of round {@code round}: the one slot {@code slot}, knowing which comes next. */
    public AvailabilityRequest walkRequest(int round, Slot slot) {
        return new AvailabilityRequest(this, round, List.of(slot), walkSlotAfter(slot));
    }

    /** The slot's position (0-based) in the hourly walk from the window start, day after day; -1 if off it. */
    public int seedWalkStep(Slot slot) {
        int offset = slot.start() - meeting.windowStart();
        if (offset % 60 != 0) {
            return -1;
        }
        int hourlyPerDay = (meeting.windowEnd() - meeting.windowStart() - meeting.durationMinutes()) / 60 + 1;
        return slot.day() * hourlyPerDay + offset / 60;
    }

    /** "1 h", "45 min". */
    public String durationText() {
        return DayTime.length(meeting.durationMinutes());
    }

    /** " in each of 4 weekly occurrences", or nothing for a one-off meeting. */
    public String recurrenceText() {
        return meeting.recurrence() == null ? "" : " in each of " + meeting.recurrence().describe();
    }

    @Override
    public String toString() {
        return "negotiation " + id + " of '" + meeting.name() + "' [" + participants.size() + " invited, minimum "
                + meeting.minimumParticipants() + ", " + durationText() + (getPriority() > 0 ? ", priority "
                + getPriority() : "") + (mayDisplace ? "" : ", displaces nobody") + (isWalk() ? ", hourly walk" : "")
                + (compareDates ? "" : ", dates not compared") + "]";
    }
}
