package io.conclave.engine.rules;

import static io.conclave.engine.rules.Negotiations.SEED_DATE;
import static io.conclave.engine.rules.Negotiations.meeting;
import static io.conclave.engine.rules.Negotiations.negotiate;
import static io.conclave.engine.rules.Negotiations.on;
import static io.conclave.engine.rules.Negotiations.runnersUp;
import static io.conclave.engine.rules.Negotiations.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.conclave.model.scheduling.Commitment;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.NegotiationResult.DisplacedView;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.Preference;
import io.conclave.model.scheduling.Recurrence;
import io.conclave.model.scheduling.TimeRange;

/** rules/scheduling/scheduling.drl: priority displacement, renegotiating a displaced meeting, recurring meetings. */
public class SchedulingPriorityRulesTest {
    private static final String EARLIEST = "Choose the earliest slot where enough participants can attend";

    private static DisplacedView displaced(String meeting, String participant, String from, String to) {
        return new DisplacedView(meeting, participant, LocalDate.parse(SEED_DATE), from, to);
    }

    /** Alice free 9-12; Bob available 9-12 but held by "Standup" 09:00-09:30 at {@code standupPriority}. */
    private static NegotiationResult standupCase(Integer meetingPriority, Integer standupPriority) {
        ParticipantSpec alice = ParticipantSpec.of("Alice", on(9, 12));
        ParticipantSpec bob = ParticipantSpec.of("Bob", on(9, 12))
                .withCommitments(new Commitment("Standup", on(9, 9.5), standupPriority));
        return negotiate(meeting(60, 2).withPriority(meetingPriority), alice, bob);
    }

    @Test
    void aHigherPriorityMeetingTakesTheSlotAndSaysWhomItDisplaces() {
        // Priority 4 over the standup's 2: at 09:00 Bob may leave the standup, so both attend at 09:00.
        // Without him only Alice is free at 09:00 and 09:15 (the standup runs to 09:30): not enough.
        NegotiationResult r = standupCase(4, 2);
        assertEquals("2024-07-21 09:00-10:00", slot(r));
        assertEquals(List.of("Alice", "Bob"), r.attendees());
        assertEquals(List.of(displaced("Standup", "Bob", "09:00", "09:30")), r.displaced());
        assertEquals(EARLIEST, r.explanation().rule());
        assertEquals("earliest slot where at least 2 can attend for 1 h: 2024-07-21 09:00-10:00 with 2 (Alice, Bob), "
                + "displacing Bob from 'Standup'", r.reason());
        // 09:15 also needs the displacement; from 09:30 both are free.
        assertEquals(List.of("2024-07-21 09:15-10:15", "2024-07-21 09:30-10:30", "2024-07-21 09:45-10:45"), runnersUp(r));
        assertEquals(1, r.explanation().runnersUp().get(0).displaced());
        assertEquals(0, r.explanation().runnersUp().get(1).displaced());
        assertEquals(1, r.rounds());
        assertEquals(List.of(), r.rebooked(), "no definition of the standup was given");
    }

    @Test
    void equalOrLowerPriorityNeverDoubleBooksAnyone() {
        // Equal (2 vs 2), lower (1), none at all, and a commitment without priority (never displaced, even by 5):
        // Bob is busy until 09:30, so the first hour both can attend starts at 09:30.
        for (Integer[] c : new Integer[][] {{2, 2}, {1, 2}, {null, 2}, {5, null}}) {
            NegotiationResult r = standupCase(c[0], c[1]);
            assertEquals("2024-07-21 09:30-10:30", slot(r), Arrays.toString(c));
            assertEquals(List.of(), r.displaced(), Arrays.toString(c));
            assertNull(r.explanation().rulesFired().get("A higher-priority meeting may take participants from lower-priority commitments"),
                    Arrays.toString(c));
        }
    }

    @Test
    void atTheSameStartTheOptionWithMoreAttendeesWins() {
        // At 10:00 Alice and Bob are free (enough for 2); Carol is available 10-11 but held by a 1:1 of
        // priority 2. The priority-3 meeting has two options at 10:00: the two free ones, or all three,
        // displacing Carol's 1:1. Same start: more attendees first. (Before 10:00 only Alice is free.)
        ParticipantSpec alice = ParticipantSpec.of("Alice", on(9, 12));
        ParticipantSpec bob = ParticipantSpec.of("Bob", on(10, 12));
        ParticipantSpec carol = ParticipantSpec.of("Carol", on(10, 11)).withCommitments(new Commitment("1:1", on(10, 11), 2));
        NegotiationResult r = negotiate(meeting(60, 2).withPriority(3), alice, bob, carol);
        assertEquals("2024-07-21 10:00-11:00", slot(r));
        assertEquals(List.of("Alice", "Bob", "Carol"), r.attendees());
        assertEquals(List.of(displaced("1:1", "Carol", "10:00", "11:00")), r.displaced());
        // the runner-up is the same start without Carol
        assertEquals("2024-07-21 10:00-11:00", runnersUp(r).get(0));
        assertEquals(List.of("Alice", "Bob"), r.explanation().runnersUp().get(0).attendees());
    }

    @Test
    void byPreferenceAtTheSameScoreTheOptionThatDisplacesNobodyWins() {
        // Alice likes 9-10 and 11-12 (5 each). Bob is available 9-12 but held 9-10 by a review of priority 1;
        // the meeting has priority 3. Options scoring 5: 09:00 with Bob taken from the review, and 11:00 with
        // both free. Same score: the one displacing nobody, though later. Then the 0-score options, those
        // displacing nobody first, earliest first: 10:00, 10:15.
        ParticipantSpec alice = ParticipantSpec.of("Alice", on(9, 12))
                .withPreferences(new Preference(on(9, 10), 5), new Preference(on(11, 12), 5));
        ParticipantSpec bob = ParticipantSpec.of("Bob", on(9, 12)).withCommitments(new Commitment("Review", on(9, 10), 1));
        NegotiationResult r = negotiate(meeting(60, 2).withPriority(3), alice, bob);
        assertEquals("2024-07-21 11:00-12:00", slot(r));
        assertEquals(List.of(), r.displaced());
        assertEquals(5.0, r.explanation().score());
        assertEquals(List.of("2024-07-21 09:00-10:00", "2024-07-21 10:00-11:00", "2024-07-21 10:15-11:15"), runnersUp(r));

        // Without preferences the earliest rule decides: 09:00, taking Bob from the review.
        ParticipantSpec plainAlice = ParticipantSpec.of("Alice", on(9, 12));
        NegotiationResult earliest = negotiate(meeting(60, 2).withPriority(3), plainAlice, bob);
        assertEquals("2024-07-21 09:00-10:00", slot(earliest));
        assertEquals(List.of(displaced("Review", "Bob", "09:00", "10:00")), earliest.displaced());
    }

    /** Alice and Bob, free 9-12, both held 9-10 by "Design sync" (priority 1); the new meeting has priority 5. */
    private static NegotiationRequest incidentReview() {
        Commitment sync = new Commitment("Design sync", on(9, 10), 1);
        List<ParticipantSpec> both = List.of(ParticipantSpec.of("Alice", on(9, 12)).withCommitments(sync),
                ParticipantSpec.of("Bob", on(9, 12)).withCommitments(sync));
        return NegotiationRequest.of(MeetingToPlace.of("Incident review", LocalDate.parse(SEED_DATE), 60, 2).withPriority(5), both);
    }

    @Test
    void aDisplacedMeetingWithADefinitionIsRenegotiatedInASecondRound() {
        // Round 1: the incident review takes 09:00-10:00, displacing the design sync of both.
        // Round 2: the design sync (1 h, both needed) is renegotiated among its holders. They are now held
        // 9-10 by the incident review, and a renegotiation displaces nobody: first free hour 10:00-11:00.
        MeetingToPlace sync = MeetingToPlace.of("Design sync", LocalDate.parse(SEED_DATE), 60, 2);
        NegotiationResult r = negotiate(incidentReview().withBookedMeetings(List.of(sync)));
        assertEquals("2024-07-21 09:00-10:00", slot(r));
        assertEquals(List.of(displaced("Design sync", "Alice", "09:00", "10:00"),
                displaced("Design sync", "Bob", "09:00", "10:00")), r.displaced());
        assertEquals(2, r.rounds());
        assertEquals(1, r.rebooked().size());
        NegotiationResult.Rebooking again = r.rebooked().get(0);
        assertEquals("Design sync", again.meeting());
        assertEquals(new NegotiationResult.SlotView(LocalDate.parse(SEED_DATE), "10:00", "11:00"), again.slot());
        assertEquals(List.of("Alice", "Bob"), again.attendees());
        assertEquals(2, again.round());
        assertEquals(EARLIEST, again.rule());
        assertEquals(1, r.explanation().rulesFired().get("Renegotiate a displaced meeting among the participants who hold it"));
        // The hourly walk knows no priority: it needs both free, which they are first at 10:00 (3rd broadcast).
        assertEquals(3, r.seedWalkRounds());
    }

    @Test
    void withoutADefinitionTheDisplacedMeetingIsOnlyReported() {
        NegotiationResult r = negotiate(incidentReview());
        assertEquals("2024-07-21 09:00-10:00", slot(r));
        assertEquals(2, r.displaced().size());
        assertEquals(1, r.rounds());
        assertEquals(List.of(), r.rebooked());
    }

    @Test
    void aWeeklyMeetingSkipsASlotThatIsFreeInWeekOneButNotInWeekTwo() {
        // Mondays 22 and 29 July. 09:00 suits all three on the 22nd, but on the 29th Bob starts at 10 and
        // Carol is not there: only Alice is available in both weeks at 09:00. At 10:00 Alice and Bob are
        // available both weeks. Attendees are those available in every occurrence, so not Carol.
        ParticipantSpec alice = ParticipantSpec.of("Alice", TimeRange.hours("2024-07-22", 9, 12),
                TimeRange.hours("2024-07-29", 9, 12));
        ParticipantSpec bob = ParticipantSpec.of("Bob", TimeRange.hours("2024-07-22", 9, 12),
                TimeRange.hours("2024-07-29", 10, 12));
        ParticipantSpec carol = ParticipantSpec.of("Carol", TimeRange.hours("2024-07-22", 9, 12));
        MeetingToPlace weekly = MeetingToPlace.of("Weekly", LocalDate.parse("2024-07-22"), 60, 2)
                .withRecurrence(new Recurrence(Recurrence.Every.WEEK, 2));
        NegotiationResult r = negotiate(weekly, alice, bob, carol);
        assertEquals("2024-07-22 10:00-11:00", slot(r));
        assertEquals(List.of("Alice", "Bob"), r.attendees());
        assertEquals(List.of("Carol"), r.unavailable());
        assertEquals("not available for the whole of 2024-07-29 10:00-11:00", r.explanation().unavailable().get(0).reason());
        assertEquals(List.of(new NegotiationResult.SlotView(LocalDate.parse("2024-07-22"), "10:00", "11:00"),
                new NegotiationResult.SlotView(LocalDate.parse("2024-07-29"), "10:00", "11:00")), r.occurrences());
        assertEquals("earliest slot where at least 2 can attend for 1 h in each of 2 weekly occurrences: "
                + "2024-07-22 10:00-11:00 with 2 (Alice, Bob)", r.reason());
        assertEquals(1, r.rounds());

        // The same meeting held once takes 09:00 with all three.
        NegotiationResult once = negotiate(weekly.withRecurrence(null), alice, bob, carol);
        assertEquals("2024-07-22 09:00-10:00", slot(once));
        assertEquals(List.of("Alice", "Bob", "Carol"), once.attendees());
    }

    @Test
    void aMonthlyMeetingKeepsItsTimeAndFallsOnTheLastDayOfShortMonths() {
        // 31 January, then 29 February (2024 is a leap year; there is no 31st), then 31 March. Bob is only
        // free 14-17 on 29 February, so the common time is 14:00.
        ParticipantSpec alice = ParticipantSpec.of("Alice", TimeRange.hours("2024-01-31", 9, 17),
                TimeRange.hours("2024-02-29", 9, 17), TimeRange.hours("2024-03-31", 9, 17));
        ParticipantSpec bob = ParticipantSpec.of("Bob", TimeRange.hours("2024-01-31", 9, 17),
                TimeRange.hours("2024-02-29", 14, 17), TimeRange.hours("2024-03-31", 9, 17));
        MeetingToPlace monthly = MeetingToPlace.of("Monthly", LocalDate.parse("2024-01-31"), 60, 2)
                .withRecurrence(new Recurrence(Recurrence.Every.MONTH, 3));
        NegotiationResult r = negotiate(monthly, alice, bob);
        assertEquals("2024-01-31 14:00-15:00", slot(r));
        assertEquals(List.of("2024-01-31", "2024-02-29", "2024-03-31"),
                r.occurrences().stream().map(o -> o.date().toString()).toList());
    }

    @Test
    void aRecurringMeetingNobodyCanHoldEveryWeekIsImpossible() {
        // Bob is never free on the 29th: no slot has both in both weeks; closest: Alice alone from 09:00.
        ParticipantSpec alice = ParticipantSpec.of("Alice", TimeRange.hours("2024-07-22", 9, 12),
                TimeRange.hours("2024-07-29", 9, 12));
        ParticipantSpec bob = ParticipantSpec.of("Bob", TimeRange.hours("2024-07-22", 9, 12));
        MeetingToPlace weekly = MeetingToPlace.of("Weekly", LocalDate.parse("2024-07-22"), 60, 2)
                .withRecurrence(new Recurrence(Recurrence.Every.WEEK, 2));
        NegotiationResult r = negotiate(weekly, alice, bob);
        assertNull(r.slot());
        assertEquals("no slot has 2 participants available for 1 h in each of 2 weekly occurrences; "
                + "best: 2024-07-22 09:00-10:00 with 1 (Alice)", r.reason());
        assertEquals(List.of("Bob"), r.unavailable());
        assertEquals(List.of(), r.occurrences());
    }

    @Test
    void aCommitmentInTheSecondOccurrenceIsDisplacedThereOnly() {
        // Weekly x2 at priority 3; Bob has a priority-1 "Retro" on the 29th 09:00-10:00 only. At 09:00 Alice is
        // free both weeks, Bob is available both weeks but held in week two: the meeting takes him from it.
        ParticipantSpec alice = ParticipantSpec.of("Alice", TimeRange.hours("2024-07-22", 9, 12),
                TimeRange.hours("2024-07-29", 9, 12));
        ParticipantSpec bob = ParticipantSpec.of("Bob", TimeRange.hours("2024-07-22", 9, 12),
                TimeRange.hours("2024-07-29", 9, 12))
                .withCommitments(new Commitment("Retro", TimeRange.hours("2024-07-29", 9, 10), 1));
        MeetingToPlace weekly = MeetingToPlace.of("Weekly", LocalDate.parse("2024-07-22"), 60, 2).withPriority(3)
                .withRecurrence(new Recurrence(Recurrence.Every.WEEK, 2));
        NegotiationResult r = negotiate(weekly, alice, bob);
        assertEquals("2024-07-22 09:00-10:00", slot(r));
        assertEquals(List.of(new DisplacedView("Retro", "Bob", LocalDate.parse("2024-07-29"), "09:00", "10:00")),
                r.displaced());
    }
}
