package io.conclave.engine.rules;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.api.ProjectJson;
import io.conclave.engine.scheduling.MeetingTaskScheduling;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.meeting.MeetingSpec;

/**
 * rules/assignment/meetings_assignment.drl, the settings of a meeting task held as a meeting: the window
 * its time is looked for in ("Hold a meeting task within five days from its date, not before its
 * scheduled time") and when an attendee who declared no availability is free ("... is free all day").
 * Each project below isolates one of the three, so the variant (all three edited) changes each one alone.
 * Every meeting is `sync`, one hour, for ann and bob, scheduled 2024-03-04 09:00; a slot needs both.
 */
public class MeetingTaskWindowRulesTest {
    private static final MeetingTaskScheduling SCHEDULING = new MeetingTaskScheduling(100_000);
    private static Policy variant;

    /** The variant: within three days, from the start of the first day; no declaration = free 13:00-17:00. */
    @BeforeAll
    public static void variant(@TempDir Path dir) {
        PolicyCopies.copyShippedRules(dir);
        PolicyCopies.edit(dir, "assignment/meetings_assignment.drl", """
                rule "Hold a meeting task within five days from its date, not before its scheduled time"
                    salience 2000
                when
                    not MeetingTaskWindow()
                then
                    insert(new MeetingTaskWindow(5, true));""", """
                rule "Hold a meeting task within three days from its date"
                    salience 2000
                when
                    not MeetingTaskWindow()
                then
                    insert(new MeetingTaskWindow(3, false));""");
        PolicyCopies.edit(dir, "assignment/meetings_assignment.drl", """
                rule "An attendee who declared no availability is free all day"
                    salience 2000
                when
                    not UndeclaredAvailability()
                then
                    insert(new UndeclaredAvailability("00:00", "24:00"));""", """
                rule "An attendee who declared no availability is free in the afternoon"
                    salience 2000
                when
                    not UndeclaredAvailability()
                then
                    insert(new UndeclaredAvailability("13:00", "17:00"));""");
        variant = PolicyCopies.compile(dir);
    }

    /** ann and bob, with the availability each declares, and their one-hour meeting "sync" at 09:00 on 03-04. */
    private static String project(ProjectJson.Agent ann, ProjectJson.Agent bob) {
        return ProjectJson.project("p").startDate("2024-03-04T08:00:00").agent(ann, bob)
                .task(task("sync").meeting("ann", "bob").hours(1).date("2024-03-04T09:00:00"))
                .json();
    }

    private static MeetingSpec.Slot slot(String projectJson, Policy policy) {
        try (ProjectSession s = RulesFixture.start(projectJson, policy, 100_000)) {
            return SCHEDULING.schedule(MeetingTaskScheduling.Settings.of(s), s.spec(), s.task("sync"));
        }
    }

    private static String when(MeetingSpec.Slot slot) {
        return slot.date() == null ? null : slot.date() + " " + slot.startTime() + "-" + slot.endTime();
    }

    @Test
    void theWindowIsFiveDaysFromTheTasksDate() {
        // Both are free only on 2024-03-07, 13:00-15:00: the 4th day from 03-04, inside five days (to 03-08),
        // outside three (to 03-06).
        String p = project(agent("ann").available("2024-03-07", "13:00", "15:00"),
                agent("bob").available("2024-03-07", "13:00", "15:00"));
        MeetingSpec.Slot shipped = slot(p, RulesFixture.policy());
        assertEquals("2024-03-07 13:00-14:00", when(shipped));
        assertTrue(shipped.note().endsWith("looked for from 2024-03-04 09:00 to 2024-03-08 by rule 'Hold a meeting task "
                + "within five days from its date, not before its scheduled time' of policy " + RulesFixture.policy().version()),
                shipped.note());
        MeetingSpec.Slot edited = slot(p, variant);
        assertNull(edited.date());
        assertTrue(edited.note().endsWith("looked for from 2024-03-04 to 2024-03-06 by rule 'Hold a meeting task within "
                + "three days from its date' of policy " + variant.version()), edited.note());
    }

    @Test
    void notBeforeTheTasksScheduledTime() {
        // Both are free 08:00-10:00 on the task's day, which is scheduled for 09:00: the shipped window
        // starts at 09:00 (09:00-10:00); the edited one at the start of the day (08:00-09:00).
        String p = project(agent("ann").available("2024-03-04", "08:00", "10:00"),
                agent("bob").available("2024-03-04", "08:00", "10:00"));
        assertEquals("2024-03-04 09:00-10:00", when(slot(p, RulesFixture.policy())));
        assertEquals("2024-03-04 08:00-09:00", when(slot(p, variant)));
    }

    @Test
    void anAttendeeWhoDeclaredNothingIsFreeWhenThePolicySays() {
        // ann is free 09:00-17:00 on the task's day, bob declared nothing: free all day under the shipped
        // rule (09:00-10:00, the earliest), only 13:00-17:00 under the edited one (13:00-14:00).
        String p = project(agent("ann").available("2024-03-04", "09:00", "17:00"),
                agent("bob").set("availability", List.of()));
        assertEquals("2024-03-04 09:00-10:00", when(slot(p, RulesFixture.policy())));
        assertEquals("2024-03-04 13:00-14:00", when(slot(p, variant)));
    }
}
