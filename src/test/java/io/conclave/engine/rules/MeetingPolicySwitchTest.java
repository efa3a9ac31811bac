package io.conclave.engine.rules;

import io.conclave.model.command.SwitchPolicy;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PostToMeeting;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.RulesFixture;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.MeetingMailbox;
import io.conclave.model.Json;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.Protocol;

/**
 * A meeting follows a policy edited while it runs: it moves to the new version before its next
 * command (journaled as a switch), keeps its participants, proposals and ballots, and replays later
 * under the versions it ran under.
 */
public class MeetingPolicySwitchTest {

    private static PostToMeeting message(String json) throws IOException {
        return Json.MAPPER.readValue(json, PostToMeeting.class);
    }

    @Test
    void aRunningMeetingMovesToAnEditedThresholdAndReplaysTheSame(@TempDir Path tmp) throws IOException {
        Policy shipped = RulesFixture.policy();
        // the edit: "majority" now needs every active participant
        Path edited = PolicyCopies.copyShippedRules(java.nio.file.Files.createDirectories(tmp.resolve("rules")));
        PolicyCopies.edit(edited, "meetings/meetings_votes.drl", "default: return n / 2 + 1;", "default: return n;");
        Policy strict = PolicyCopies.compile(edited);
        AtomicReference<Policy> active = new AtomicReference<>(shipped);
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() { return active.get(); }

            @Override
            public Policy byVersion(String version) {
                return version.equals(strict.version()) ? strict : shipped;
            }
        };
        Path data = tmp.resolve("data");
        String snapshot;
        try (MeetingRegistry registry = new MeetingRegistry(data, source, 10_000, Clock.systemUTC(), e -> { })) {
            MeetingRuntime m = registry.create(new MeetingSpec("m", "t", null, "a", null, List.of("a", "b", "c"),
                    Protocol.defaults(), null, null, null), "a");
            for (String x : List.of("a", "b", "c")) {
                m.join(x);
            }
            m.post(message("""
                    {"message_type": "proposal", "agent_id": "a", "proposal_id": "p", "title": "T"}"""));
            m.post(message("""
                    {"message_type": "state_change", "agent_id": "a", "new_state": "voting"}"""));
            m.post(message("""
                    {"message_type": "vote", "agent_id": "a", "proposal_id": "p", "vote": "yes"}"""));
            active.set(strict);
            m.post(message("""
                    {"message_type": "vote", "agent_id": "b", "proposal_id": "p", "vote": "yes"}"""));
            m.post(message("""
                    {"message_type": "vote", "agent_id": "c", "proposal_id": "p", "vote": "no"}"""));
            // 2 yes of 3 passes the shipped majority, but the edited one needs all 3
            assertEquals("rejected", m.read(v -> v.snapshot().agenda().proposals().get(0).status().json()));
            assertEquals(3, (int) m.read(v -> v.snapshot().agenda().proposals().get(0).tally().required()));
            assertEquals(strict.version(), m.read(v -> v.policyVersion()));
            snapshot = Json.MAPPER.writeValueAsString(m.read(v -> v.snapshot()));
        }
        List<JournalEntry<MeetingCommand>> journal = new MeetingMailbox(data.resolve("meetings/m")).journal().read()
                .entries();
        assertEquals(1, journal.stream().filter(e -> e.type().equals(SwitchPolicy.TYPE)).count());
        try (MeetingRegistry registry = new MeetingRegistry(data, source, 10_000, Clock.systemUTC(), e -> { })) {
            registry.recoverAll();
            assertEquals(snapshot, Json.MAPPER.writeValueAsString(registry.get("m").read(v -> v.snapshot())));
        }
    }

    @Test
    void aLoopingMeetingRuleIsCutOffAndTheMeetingGoesOn(@TempDir Path tmp) throws IOException {
        Path rules = PolicyCopies.copyShippedRules(java.nio.file.Files.createDirectories(tmp.resolve("rules")));
        PolicyCopies.add(rules, "meetings/loop.drl", """
                package conclave.meetings;
                import io.conclave.model.meeting.*;
                rule "Comments make the meeting spin"
                when
                    MeetingRequest( kind == MeetingRequest.Kind.POST, messageType == "comment" )
                    $m : Meeting()
                then
                    modify($m) { setSummarized(false) }
                end
                """);
        Policy looping = PolicyCopies.compile(rules);
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() { return looping; }

            @Override
            public Policy byVersion(String version) { return looping; }
        };
        try (MeetingRegistry registry = new MeetingRegistry(tmp.resolve("data"), source, 1_000, Clock.systemUTC(),
                e -> { })) {
            MeetingRuntime m = registry.create(new MeetingSpec("m", "t", null, "a", null, List.of("a", "b"),
                    Protocol.defaults(), null, null, null), "a");
            m.join("a");
            io.conclave.model.CommandException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.conclave.model.CommandException.class, () -> m.post(message("""
                            {"message_type": "comment", "agent_id": "a", "text": "hi"}""")));
            assertEquals("rule_loop", e.code());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'Comments make the meeting spin'"),
                    e.getMessage());
            assertEquals(0, (int) m.read(v -> v.messages().size()), "nothing of the command was kept");
            m.join("b");   // the meeting still takes commands; 2 of 2 joined opens the discussion
            assertEquals("discussion", m.read(v -> v.meeting().getState().json()));
        }
    }
}
