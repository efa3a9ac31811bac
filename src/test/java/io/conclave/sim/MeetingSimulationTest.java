package io.conclave.sim;

import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;

/**
 * Tier 3: the meetings of the example projects held by simulated attendees during a simulated run.
 * Outcomes are derived by hand from the skill levels in the project files and the rules of
 * rules/simulation/meeting_agents.drl: an attendee votes yes when its best level on a skill at stake is 7 or
 * more, abstains when it has one of them below 7, and votes no when it has none; a meeting task that
 * requires no skill (all of them here) puts at stake the skills of the tasks it depends on and of
 * those that depend on it. Meetings vote by majority: more than half of the active participants.
 */
class MeetingSimulationTest {
    private static final String COMPRESSED = "healthcare_blockchain_compressed.json";
    private static final String FULL = "healthcare_blockchain_project.json";

    private static RunReport run(String project, long seed) {
        try (ProjectSession session = RulesFixture.startExample(project)) {
            session.beginCommand(2);
            return Simulator.runToEnd(session, new RunRequest("fully_automated", seed, 0.0));
        }
    }

    private static RunReport.MeetingLine meeting(RunReport r, String taskId) {
        return r.meetings().stream().filter(m -> m.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    private static RunReport.TaskLine task(RunReport r, String taskId) {
        return r.tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /*
     * kickoff_meeting (09:00-10:00, attendees pm, cto, blockchain_dev, compliance, security; pm, the first,
     * chairs) requires no skill and depends on nothing; architecture_design (architecture 7, blockchain 6)
     * and compliance_requirements (hipaa_compliance 7, healthcare_domain 6) depend on it. At stake:
     * architecture, blockchain, healthcare_domain, hipaa_compliance.
     *   pm              healthcare_domain 6                      -> abstain
     *   cto             architecture 9 (blockchain 7)            -> yes
     *   blockchain_dev  blockchain 9                             -> yes
     *   compliance      hipaa_compliance 9 (healthcare_domain 8) -> yes
     *   security        architecture 6 (security 9 not at stake) -> abstain
     * 5 active, majority needs 5 / 2 + 1 = 3 yes: 3 yes -> accepted, exactly at the threshold.
     */
    @Test
    void theCompressedKickoffIsAcceptedByTheThreeWhoRateASkillAtStakeSevenOrMore() {
        RunReport r = run(COMPRESSED, 1);
        RunReport.MeetingLine m = meeting(r, "kickoff_meeting");

        assertEquals("sim_kickoff_meeting", m.meetingId());
        assertEquals("2024-01-15T09:00", m.simulatedStart());
        assertEquals("2024-01-15T10:00", m.simulatedEnd());
        assertEquals(task(r, "kickoff_meeting").simulatedEnd(), m.simulatedEnd(), "the task ends when the meeting closes");
        assertEquals("closed", m.state());
        assertEquals("pm", m.chair());
        assertEquals(List.of("pm", "cto", "blockchain_dev", "compliance", "security"), m.attendees());

        assertEquals(1, m.proposals().size());
        RunReport.ProposalLine p = m.proposals().get(0);
        assertEquals("adopt_kickoff_meeting", p.proposalId());
        assertEquals("Adopt the outcome of kickoff_meeting", p.title());
        assertEquals("pm", p.proposer());
        assertEquals("Kick-off: agree on scope, the consent-record use case and who owns what. Skills at stake: "
                + "architecture 7, blockchain 6, healthcare_domain 6, hipaa_compliance 7 (required by the linked tasks "
                + "[architecture_design, compliance_requirements])", p.details());
        assertEquals("accepted", p.outcome());
        assertEquals(new RunReport.TallyLine(3, 0, 2, 0, 5, 3), p.tally());
        assertEquals(Map.of("pm", "abstain", "cto", "yes", "blockchain_dev", "yes", "compliance", "yes",
                "security", "abstain"), p.votes());
        assertEquals("A proposal that reaches its threshold is accepted", p.decidedBy());
        assertEquals(List.of("Voting closes when everyone has voted on everything",
                "A proposal that reaches its threshold is accepted",
                "Write the minutes once every proposal is decided"), m.outcomeRules());
        assertEquals("""
                Minutes of meeting sim_kickoff_meeting (Kick-off: agree on scope, the consent-record use case and who owns what)
                Attended: blockchain_dev, compliance, cto, pm, security
                Decisions (majority):
                - adopt_kickoff_meeting "Adopt the outcome of kickoff_meeting": accepted (3 yes, 0 no, 2 abstain, 0 not voted of 5 active; 3 needed)
                Action items:
                - Adopt the outcome of kickoff_meeting (proposed by pm)""", m.minutes());
    }

    /*
     * The kickoff's transcript: every attendee joins, comments and votes once; pm also proposes and calls
     * the vote. 5 + 1 + 5 + 1 + 5 = 17 commands, none refused, in the phases' order: joins by 09:06 (10% of
     * the hour), the proposal at 09:09 (15%), comments by 09:36 (60%), the call at 09:42 (70%), votes by
     * 10:00. The last vote lands at 10:00 and closes the meeting.
     */
    @Test
    void theKickoffIsHeldInPhasesOverItsHour() {
        RunReport.MeetingLine m = meeting(run(COMPRESSED, 1), "kickoff_meeting");
        List<RunReport.MeetingAction> t = m.transcript();
        assertEquals(17, t.size());
        assertTrue(t.stream().allMatch(a -> a.refused() == null), "the protocol refused nothing: " + t);
        List<String> actions = t.stream().map(RunReport.MeetingAction::action).toList();
        assertEquals(List.of("join", "join", "join", "join", "join", "propose", "comment", "comment", "comment",
                "comment", "comment", "call_vote"), actions.subList(0, 12));
        assertTrue(actions.subList(12, 17).stream().allMatch(a -> a.startsWith("vote_")), actions.toString());
        assertEquals("2024-01-15T09:06", t.get(4).at());
        assertEquals("2024-01-15T09:09", t.get(5).at());
        assertEquals("pm", t.get(5).agentId());
        assertEquals("2024-01-15T09:36", t.get(10).at());
        assertEquals("2024-01-15T09:42", t.get(11).at());
        assertEquals("pm", t.get(11).agentId());
        assertEquals("2024-01-15T10:00", t.get(16).at());
        for (String phase : List.of("join", "comment")) {
            assertEquals(List.of("blockchain_dev", "compliance", "cto", "pm", "security"), t.stream()
                    .filter(a -> a.action().equals(phase)).map(RunReport.MeetingAction::agentId).sorted().toList());
        }
        RunReport.MeetingAction security = t.stream()
                .filter(a -> a.agentId().equals("security") && a.action().startsWith("vote_")).findFirst().orElseThrow();
        assertEquals("vote_abstain", security.action());
        assertEquals("has architecture only at 6, below 7", security.text());
    }

    /*
     * wrap_up_meeting (16:30-17:30; pm, cto, blockchain_dev; pm chairs) requires no skill, nothing depends
     * on it, and it depends on security_review (security 8). At stake: security.
     *   pm none -> no; cto security 7 -> yes; blockchain_dev none -> no.
     * 3 active, majority needs 2: 1 yes -> rejected. The task completes all the same (recorded, not enforced).
     */
    @Test
    void theCompressedWrapUpIsRejectedAndItsTaskCompletesAllTheSame() {
        RunReport r = run(COMPRESSED, 1);
        RunReport.MeetingLine m = meeting(r, "wrap_up_meeting");
        assertEquals("2024-01-15T16:30", m.simulatedStart());
        assertEquals("2024-01-15T17:30", m.simulatedEnd());
        RunReport.ProposalLine p = m.proposals().get(0);
        assertEquals("rejected", p.outcome());
        assertEquals(new RunReport.TallyLine(1, 2, 0, 0, 3, 2), p.tally());
        assertEquals(Map.of("pm", "no", "cto", "yes", "blockchain_dev", "no"), p.votes());
        assertEquals("A proposal that misses its threshold is rejected", p.decidedBy());
        assertTrue(m.minutes().endsWith("Action items: none"), m.minutes());
        assertEquals("COMPLETED", task(r, "wrap_up_meeting").status());
        assertEquals(List.of("kickoff_meeting", "wrap_up_meeting"),
                r.meetings().stream().map(RunReport.MeetingLine::taskId).toList(), "in the order they were held");
    }

    /*
     * project_kickoff (6 attendees): at stake are the skills of requirements_analysis (project_management 7,
     *   healthcare_domain 6) and hipaa_assessment (hipaa_compliance 8). pm project_management 9 -> yes; cto,
     *   blockchain_dev, security none -> no; compliance hipaa 9 -> yes; data_engineer healthcare_domain 4 ->
     *   abstain. 2 yes of 6, 4 needed -> rejected.
     * architecture_review_meeting (cto, security, blockchain_dev, compliance): it depends on system_architecture
     *   (architecture 8, blockchain 6) and hipaa_assessment (hipaa 8); smart_contract_development (smart_contracts
     *   8, blockchain 8) and data_pipeline (data_engineering 7, backend 6) depend on it. cto architecture 9 ->
     *   yes; security architecture 6 -> abstain; blockchain_dev blockchain 9 -> yes; compliance hipaa 9 -> yes.
     *   3 of 4, 3 needed -> accepted.
     * go_live_decision (pm, cto, compliance, security) depends on integration_testing (backend 7), security_audit
     *   (security 8, cryptography 7) and compliance_documentation (documentation 6, hipaa 7). pm none -> no; cto
     *   security 7 -> yes; compliance hipaa 9 -> yes; security 9 -> yes. 3 of 4 -> accepted.
     */
    @Test
    void theFullProjectsThreeMeetings() {
        RunReport r = run(FULL, 7);
        assertEquals(new RunReport.TallyLine(2, 3, 1, 0, 6, 4),
                meeting(r, "project_kickoff").proposals().get(0).tally());
        assertEquals("rejected", meeting(r, "project_kickoff").proposals().get(0).outcome());
        assertEquals(new RunReport.TallyLine(3, 0, 1, 0, 4, 3),
                meeting(r, "architecture_review_meeting").proposals().get(0).tally());
        assertEquals("accepted", meeting(r, "architecture_review_meeting").proposals().get(0).outcome());
        assertEquals("cto", meeting(r, "architecture_review_meeting").chair());
        assertEquals(new RunReport.TallyLine(3, 1, 0, 0, 4, 3),
                meeting(r, "go_live_decision").proposals().get(0).tally());
        assertEquals("2024-01-17T03:00", meeting(r, "go_live_decision").simulatedStart());
        assertEquals("2024-01-17T05:00", meeting(r, "go_live_decision").simulatedEnd());
        // the run's figures stay those of the README
        // 91 decisions: the 69 of the run before learning, plus one LEARNED per agent taught (every
        // completed task has a task_type, so each teaches at least a preference): 8 completed tasks teach
        // their assignee, the three meetings each of their attendees (6 + 4 + 4): 8 + 14 = 22.
        // Plus 3 REVIEW_POINT decisions (execution/oversight_triggers.drl): the project's ceo_oversight enables
        // milestone_completion and names no milestones, so each of the three meeting tasks is one; a
        // fully automated run does not pause for them: 91 + 3 = 94. (Its weekly review day 7 is never reached.)
        // Of the run itself: 3 meetings held, 2 proposals accepted (above), no interrupts or checkpoints,
        // and 3 calendar days from 2024-01-15 09:00 to 2024-01-17 05:00 (hour 44).
        assertEquals(new RunReport.Statistics(3, 2, 0, 0, 3, 8, 3, 94, 44.0), r.statistics());
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        assertEquals(json(run(COMPRESSED, 5)), json(run(COMPRESSED, 5)));
        assertEquals(json(run(FULL, 5)), json(run(FULL, 5)));
    }

    /*
     * The seed only decides the order in which attendees act within a phase: another seed changes the
     * transcripts (and the report's seed), nothing else, outcomes and minutes included.
     */
    @Test
    void anotherSeedChangesOnlyTheOrderAttendeesActIn() {
        RunReport one = run(COMPRESSED, 1);
        RunReport two = run(COMPRESSED, 2);
        assertNotEquals(json(meeting(one, "kickoff_meeting").transcript()),
                json(meeting(two, "kickoff_meeting").transcript()));
        assertEquals(withoutSeedAndTranscripts(one), withoutSeedAndTranscripts(two));
    }

    private static String withoutSeedAndTranscripts(RunReport r) {
        ObjectNode tree = Json.MAPPER.valueToTree(r);
        tree.remove("seed");
        tree.get("meetings").forEach(m -> ((ObjectNode) m).remove("transcript"));
        return tree.toString();
    }

    @Test
    void aMeetingTaskThatNeverStartsHasNoMeeting() {
        // a second run finds every task done: nothing starts, so no meeting is held
        try (ProjectSession session = RulesFixture.startExample(COMPRESSED)) {
            session.beginCommand(2);
            Simulator.runToEnd(session, new RunRequest("fully_automated", 1L, 0.0));
            session.beginCommand(3);
            RunReport again = Simulator.runToEnd(session, new RunRequest("fully_automated", 1L, 0.0));
            assertEquals(List.of(), again.meetings());
        }
    }
}
