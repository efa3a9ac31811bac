package io.conclave.engine.meeting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.conclave.model.Refusal;
import io.conclave.model.meeting.Ballot;
import io.conclave.model.meeting.Meeting;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.Participant;
import io.conclave.model.meeting.PostedMessage;
import io.conclave.model.meeting.Proposal;
import io.conclave.engine.owner.ClockedSession;
import io.conclave.engine.owner.Firing;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;
import io.conclave.engine.policy.Outputs;

/**
 * The Drools session of one meeting: the meeting, its participants, proposals and ballots as facts,
 * and a {@link io.conclave.model.Now} fact set to each command's time. Not thread-safe:
 * {@link MeetingRuntime} serialises every call. Firing is capped per command like a project's.
 */
public final class MeetingSession extends ClockedSession<MeetingDecision> {

    private MeetingSession(Policy policy, SessionKind kind, int maxFirings) {
        super(policy, kind, maxFirings, MeetingDecision.class);
    }

    /** A new session holding the meeting and its invited participants at {@code createdAt} (epoch millis). */
    public static MeetingSession start(MeetingSpec spec, Policy policy, int maxFirings, long createdAt, long seq) {
        return start(spec, policy, maxFirings, createdAt, seq, List.of());
    }

    /**
     * As {@link #start(MeetingSpec, Policy, int, long, long)}, with facts of another domain that live
     * beside the meeting from its first firing on, inserted in the order given: the simulated attendees
     * of a simulated run (rules/simulation/meeting_agents.drl). They are not carried over a policy switch.
     */
    public static MeetingSession start(MeetingSpec spec, Policy policy, int maxFirings, long createdAt, long seq,
                                       List<?> companions) {
        // simulated attendees come with their own chapter (simulation/); a real meeting does not load it
        MeetingSession s = new MeetingSession(policy, companions.isEmpty() ? SessionKind.MEETING
                : SessionKind.SIMULATED_MEETING, maxFirings);
        List<Object> facts = new ArrayList<>();
        facts.add(new Meeting(spec, createdAt));
        for (int i = 0; i < spec.participants().size(); i++) {
            facts.add(new Participant(spec.participants().get(i), i));
        }
        facts.addAll(companions);
        s.begin(facts, createdAt, seq);
        return s;
    }

    /** Decides one meeting command at {@code at}; see {@link ClockedSession#decide(Object, long, long)}. */
    public Refusal decide(MeetingRequest command, long at, long seq) {
        return super.decide(command, at, seq);
    }

    /** Tells the rules about a message the meeting stored (rules/meetings/meetings_participation.drl reads its id). */
    public void stored(MeetingMessage message) {
        keep(PostedMessage.of(message));
    }

    public Meeting meeting() {
        return facts(Meeting.class).get(0);
    }

    /** Participants in invitation order. */
    public List<Participant> participants() {
        List<Participant> out = facts(Participant.class);
        out.sort(Comparator.comparingInt(Participant::getOrder));
        return out;
    }

    /** Proposals in the order they were posted. */
    public List<Proposal> proposals() {
        List<Proposal> out = facts(Proposal.class);
        out.sort(Comparator.comparingInt(Proposal::getOrder));
        return out;
    }

    /** Ballots by proposal, then agent. */
    public List<Ballot> ballots() {
        List<Ballot> out = outputs(Outputs.BALLOTS);
        out.sort(Comparator.comparing(Ballot::factKey));
        return out;
    }
}
