package io.conclave.engine.rules;

import static io.conclave.engine.rules.Negotiations.alice;
import static io.conclave.engine.rules.Negotiations.bob;
import static io.conclave.engine.rules.Negotiations.fromJson;
import static io.conclave.engine.rules.Negotiations.meeting;
import static io.conclave.engine.rules.Negotiations.negotiate;
import static io.conclave.engine.rules.Negotiations.on;
import static io.conclave.engine.rules.Negotiations.runnersUp;
import static io.conclave.engine.rules.Negotiations.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.conclave.engine.RulesFixture;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.Preference;
import io.conclave.model.scheduling.TimeRange;

/**
 * rules/scheduling/scheduling.drl and scheduling/scheduling_order.drl: one round, the earliest feasible slot, every available
 * participant attends, preference scores, the window, the grain, dates. Priority, renegotiation and
 * recurrence are in {@link SchedulingPriorityRulesTest}.
 */
public class SchedulingRulesTest {
    private static final String EARLIEST = "Choose the earliest slot where enough participants can attend";
    private static final String PREFERRED = "Choose the feasible slot its attendees prefer most";
    private static final String IMPOSSIBLE = "No slot has enough participants";

    @Test
    void theSeedsOwnExampleIsImpossibleAndNamesTheClosestSlot() {
        // Alice 9-12 & 14-18, Bob 10-13 & 15-17: both are free for a whole hour starting 10:00-11:00 (Alice
        // leaves at 12) or 15:00-16:00 (Bob leaves at 17). Only two participants exist, so no slot has 3.
        // Closest: the most attendees (2), earliest first: 10:00-11:00. (The original scheduler's coordinator never
        // stops here: at 10:00 both accept, nobody rejects, and it only moves on after a rejection.)
        NegotiationResult r = negotiate(meeting(60, 3), alice(), bob());
        assertNull(r.slot());
        assertEquals("no slot has 3 participants available for 1 h; best: 2024-07-21 10:00-11:00 with 2 (Alice, Bob)",
                r.reason());
        assertEquals(List.of(), r.attendees());
        assertEquals(List.of(), r.unavailable(), "nobody is missing from the closest slot: a third participant does not exist");
        assertEquals(List.of(), r.occurrences());
        assertEquals(1, r.rounds());
        assertNull(r.seedWalkRounds(), "the hourly walk finds no slot either");
        assertEquals(IMPOSSIBLE, r.explanation().rule());
        assertEquals(RulesFixture.policy().version(), r.explanation().policyVersion());
        // 08:00 to 17:00 every 15 minutes: 9 hours x 4 + 1 = 37 candidate slots; none has 3.
        assertEquals(37, r.explanation().candidateSlots());
        assertEquals(0, r.explanation().feasibleOptions());
    }

    @Test
    void theSeedsExampleWithMinimumTwoTakesTenOClock() {
        // Same availability; 2 are enough. Feasible starts: 10:00, 10:15, 10:30, 10:45, 11:00 and
        // 15:00 ... 16:00: 10 options. Earliest: 10:00-11:00 with both. The hourly walk asks 08:00 (nobody),
        // 09:00 (Alice only), 10:00 (both): 3 broadcasts, against 1 here.
        NegotiationResult r = negotiate(meeting(60, 2), alice(), bob());
        assertEquals("2024-07-21 10:00-11:00", slot(r));
        assertEquals(List.of("Alice", "Bob"), r.attendees());
        assertEquals(List.of(), r.unavailable());
        assertEquals(1, r.rounds());
        assertEquals(3, r.seedWalkRounds());
        assertEquals("earliest slot where at least 2 can attend for 1 h: 2024-07-21 10:00-11:00 with 2 (Alice, Bob)",
                r.reason());
        assertEquals(EARLIEST, r.explanation().rule());
        assertEquals(10, r.explanation().feasibleOptions());
        assertEquals(List.of("2024-07-21 10:15-11:15", "2024-07-21 10:30-11:30", "2024-07-21 10:45-11:45"), runnersUp(r));
        assertEquals(List.of(new NegotiationResult.SlotView(LocalDate.parse("2024-07-21"), "10:00", "11:00")),
                r.occurrences());
    }

    @Test
    void everyNegotiationTakesOneBroadcastAndOneAnswerPerParticipant() {
        NegotiationResult r = negotiate(meeting(60, 2), alice(), bob());
        Map<String, Integer> fired = r.explanation().rulesFired();
        assertEquals(1, r.rounds());
        assertEquals(1, fired.get("Broadcast every candidate slot in one availability request"));
        // one free-participants option per candidate slot, and one decision
        assertEquals(37, fired.get("Offer each slot to the participants free for all of it"));
        assertEquals(1, fired.get(EARLIEST));
    }

    @Test
    void theEarliestFeasibleSlotWinsOverALaterOneWithMoreAttendees() {
        // Minimum 1: Alice alone at 09:00 comes before both of them at 10:00.
        NegotiationResult r = negotiate(meeting(60, 1), alice(), bob());
        assertEquals("2024-07-21 09:00-10:00", slot(r));
        assertEquals(List.of("Alice"), r.attendees());
        assertEquals(List.of("Bob"), r.unavailable());
        assertEquals("Bob", r.explanation().unavailable().get(0).participant());
        assertEquals("not available for the whole of 2024-07-21 09:00-10:00", r.explanation().unavailable().get(0).reason());
        // The hourly walk: 08:00 nobody, 09:00 Alice: accepted in the 2nd broadcast.
        assertEquals(2, r.seedWalkRounds());
    }

    @Test
    void everyoneAvailableAttendsNotOnlyTheFirstMinimumToAnswer() {
        // The original scheduler stops as soon as minimum_participants accepted a slot. Here Alice and Carol are both
        // free 09:00-10:00 (Bob only from 10), so with a minimum of 1 both attend.
        ParticipantSpec carol = ParticipantSpec.of("Carol", on(9, 10));
        NegotiationResult r = negotiate(meeting(60, 1), alice(), bob(), carol);
        assertEquals("2024-07-21 09:00-10:00", slot(r));
        assertEquals(List.of("Alice", "Carol"), r.attendees(), "in the request's participant order");
        assertEquals(List.of("Bob"), r.unavailable());
    }

    @Test
    void preferenceScoresChooseTheFeasibleSlotTheAttendeesLikeMost() {
        // Alice likes 15-17 (8); Bob likes 15-16 (5) and 10-11 (3). A preference counts for a slot it
        // contains wholly. Feasible for both: 10:00-11:00 (Bob 3), 10:15..11:00 (0), 15:00-16:00
        // (Alice 8 + Bob 5 = 13), 15:15..16:00 (Alice 8). Best: 15:00 with 13, then the 8s, earliest first.
        ParticipantSpec a = alice().withPreferences(new Preference(on(15, 17), 8));
        ParticipantSpec b = bob().withPreferences(new Preference(on(15, 16), 5), new Preference(on(10, 11), 3));
        NegotiationResult r = negotiate(meeting(60, 2), a, b);
        assertEquals("2024-07-21 15:00-16:00", slot(r));
        assertEquals(13.0, r.explanation().score());
        assertEquals(PREFERRED, r.explanation().rule());
        assertEquals(List.of("2024-07-21 15:15-16:15", "2024-07-21 15:30-16:30", "2024-07-21 15:45-16:45"), runnersUp(r));
        assertEquals("highest total preference 13.0 among slots where at least 2 can attend for 1 h: "
                + "2024-07-21 15:00-16:00 with 2 (Alice, Bob)", r.reason());
    }

    @Test
    void equalPreferenceScoresGoToTheEarliestSlot() {
        // Alice likes 10-11 and 15-16 equally (4); Bob states nothing. 10:00 and 15:00 both total 4.
        ParticipantSpec a = alice().withPreferences(new Preference(on(15, 16), 4), new Preference(on(10, 11), 4));
        NegotiationResult r = negotiate(meeting(60, 2), a, bob());
        assertEquals("2024-07-21 10:00-11:00", slot(r));
        assertEquals(4.0, r.explanation().score());
        assertEquals("2024-07-21 15:00-16:00", runnersUp(r).get(0));
    }

    @Test
    void fractionalHoursAndClockTextAreTheSameTimes() {
        // Alice 09:30-11:15, Bob 09:45-12:00, 45 minutes: both from 09:45; 09:45 is on the 15-minute grid.
        String body = """
                {"meeting": {"name": "Sync", "date": "2024-07-21", "duration": %s, "minimum_participants": 2},
                 "participants": [
                   {"name": "Alice", "available_times": [{"date": "2024-07-21", "start_time": 9.5, "end_time": "11:15"}]},
                   {"name": "Bob", "available_times": [{"date": "2024-07-21", "start_time": "%s", "end_time": 12}]}]%s}
                """;
        for (String[] variant : List.of(new String[] {"0.75", "09:45"}, new String[] {"\"0:45\"", "9:45"},
                new String[] {"\"00:45\"", "09:45"})) {
            NegotiationResult r = negotiate(fromJson(body.formatted(variant[0], variant[1], "")));
            assertEquals("2024-07-21 09:45-10:30", slot(r), String.join(" ", variant));
            // (600 - 45) / 15 = 37 steps after 08:00: 38 candidates
            assertEquals(38, r.explanation().candidateSlots());
        }
        // At a 30-minute grain 09:45 is not a candidate: 09:30 misses Bob, 10:00-10:45 suits both.
        NegotiationResult coarse = negotiate(fromJson(body.formatted("0.75", "09:45", ", \"grain_minutes\": 30")));
        assertEquals("2024-07-21 10:00-10:45", slot(coarse));
        assertEquals(19, coarse.explanation().candidateSlots(), "08:00 to 17:15 every 30 minutes");
    }

    @Test
    void aCoarserGrainCanMissTheOnlySlot() {
        // Both free exactly 09:15-10:15: an hour starting 09:15 fits at 15 minutes; at 30 there is no such start.
        ParticipantSpec a = ParticipantSpec.of("Alice", on(9.25, 10.25));
        ParticipantSpec b = ParticipantSpec.of("Bob", on(9.25, 10.25));
        NegotiationResult fine = negotiate(NegotiationRequest.of(meeting(60, 2), List.of(a, b)));
        assertEquals("2024-07-21 09:15-10:15", slot(fine));
        NegotiationResult coarse = negotiate(NegotiationRequest.of(meeting(60, 2), List.of(a, b)).withGrain(30));
        assertNull(coarse.slot());
        assertEquals("no slot has 2 participants available for 1 h; best: nobody can attend any candidate slot",
                coarse.reason());
    }

    @Test
    void theMeetingStaysInsideItsWindow() {
        // Default window 08:00-18:00 (the original scheduler's coordinator starts at 8): an hour must start by 17:00.
        ParticipantSpec early = ParticipantSpec.of("Early", on(6, 9));
        assertEquals("2024-07-21 08:00-09:00", slot(negotiate(meeting(60, 1), early)));
        assertEquals("2024-07-21 06:00-07:00", slot(negotiate(meeting(60, 1).withWindow(6 * 60, 18 * 60), early)));

        ParticipantSpec late = ParticipantSpec.of("Late", on(17.5, 19));
        NegotiationResult r = negotiate(meeting(60, 1), late);
        assertNull(r.slot(), "17:30-18:30 ends after 18:00");
        assertEquals("2024-07-21 17:30-18:30", slot(negotiate(meeting(60, 1).withWindow(8 * 60, 20 * 60), late)));
    }

    @Test
    void laterDatesAreSearchedUpToTheLatestDate() {
        // Alice is free only on the 22nd (14-16) and 23rd (9-10): the earliest is the 22nd at 14:00.
        ParticipantSpec a = ParticipantSpec.of("Alice", TimeRange.hours("2024-07-23", 9, 10),
                TimeRange.hours("2024-07-22", 14, 16));
        NegotiationResult r = negotiate(meeting(60, 1).withLatestDate(LocalDate.parse("2024-07-23")), a);
        assertEquals("2024-07-22 14:00-15:00", slot(r));
        assertEquals(3 * 37, r.explanation().candidateSlots());
        // hourly walk: 10 steps a day (08:00 .. 17:00); the 22nd at 14:00 is step 10 + 6 = 16, the 17th broadcast
        assertEquals(17, r.seedWalkRounds());
        assertNull(negotiate(meeting(60, 1), a).slot(), "on the 21st alone she is never free");
    }

    @Test
    void availabilityOnAnotherDateDoesNotCount() {
        // The original scheduler's overlap test ignores dates; here Alice's 9-12 on the 20th does not make her free on the 21st.
        ParticipantSpec a = ParticipantSpec.of("Alice", TimeRange.hours("2024-07-20", 9, 12));
        NegotiationResult r = negotiate(meeting(60, 2), a, bob());
        assertNull(r.slot());
        assertEquals("no slot has 2 participants available for 1 h; best: 2024-07-21 10:00-11:00 with 1 (Bob)", r.reason());
        assertEquals(List.of("Alice"), r.unavailable(), "missing from the closest slot");
    }

    @Test
    void touchingAvailabilityRangesCountAsOne() {
        ParticipantSpec a = ParticipantSpec.of("Alice", on(10, 10.5), on(9.5, 10));
        assertEquals("2024-07-21 09:30-10:30", slot(negotiate(meeting(60, 1), a)));
    }
}
