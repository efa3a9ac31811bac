package io.conclave.engine.rules;

import java.time.Instant;
import java.util.List;

import io.conclave.engine.meeting.MeetingSession;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Refusal;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.Protocol;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.meeting.VoteValue;

/**
 * Tier-1 support for the meeting rules: a meeting session of the shipped policy driven by commands
 * at explicit times (minutes after the meeting was created), so time limits are tested without waiting.
 */
public final class MeetingFixture extends ClockedFixture<MeetingSession, MeetingDecision> {
    private int proposals;
    private long messages;

    private MeetingFixture(MeetingSession session) {
        super(session);
    }

    /** A meeting created by the first participant, without facilitator unless given. */
    public static MeetingFixture meeting(Protocol protocol, String facilitator, String... participants) {
        return meeting(RulesFixture.policy(), protocol, facilitator, participants);
    }

    /** The same under another policy (a variant of the shipped rules). */
    public static MeetingFixture meeting(Policy policy, Protocol protocol, String facilitator, String... participants) {
        MeetingSpec spec = new MeetingSpec("m1", "topic", null, participants[0], facilitator, List.of(participants),
                protocol, null, null, null);
        return new MeetingFixture(MeetingSession.start(spec, policy, MAX_FIRINGS, T0, FIRST_SEQ));
    }

    public static Protocol protocol(Threshold t, Integer f, Integer quorum, Double discussion, Double voting) {
        return new Protocol(t, f, quorum, discussion, voting, Protocol.DEFAULT_ARCHIVE_AFTER_MINUTES);
    }

    public static Protocol majority() {
        return protocol(Threshold.MAJORITY, null, null, null, null);
    }

    Refusal join(String agent, double minute) {
        return decide(MeetingRequest.join(agent), at(minute));
    }

    Refusal leave(String agent, double minute) {
        return decide(MeetingRequest.leave(agent), at(minute));
    }

    Refusal propose(String agent, String proposalId, double minute) {
        Proposal p = new Proposal(proposalId, "title of " + proposalId, null, agent, "msg-" + lastSeq(), proposals++);
        return decide(MeetingRequest.post(agent, "proposal", p), at(minute));
    }

    Refusal comment(String agent, double minute) {
        return decide(MeetingRequest.post(agent, "comment", null), at(minute));
    }

    /**
     * A comment the agent gave its own id, stored as the meeting's runtime stores an accepted message
     * (MeetingSession#stored); the policy's refusal, or null.
     */
    Refusal comment(String agent, String messageId, double minute) {
        Refusal r = decide(MeetingRequest.post(agent, "comment", null).withMessageId(messageId), at(minute));
        if (r == null) {
            session.stored(new PostToMeeting(messageId, "m1", agent, "comment", null, null, null, null, "a comment",
                    null, null, null, null, null, null, null).toMessage("m1", ++messages, Instant.ofEpochMilli(at(minute))));
        }
        return r;
    }

    Refusal vote(String agent, String proposalId, VoteValue v, double minute) {
        return decide(MeetingRequest.vote(agent, proposalId, v, null), at(minute));
    }

    Refusal move(String agent, MeetingState to, double minute) {
        return decide(MeetingRequest.changeState(agent, to, "because"), at(minute));
    }

    List<MeetingDecision> tick(double minute) {
        return tickAt(at(minute));
    }

    MeetingState state() {
        return session.meeting().getState();
    }

    /** The decisions of one kind, in ledger order. */
    List<MeetingDecision> decisions(io.conclave.model.meeting.MeetingDecisionKind kind) {
        return ledgerWhere(d -> d.getKind() == kind);
    }

    public static long at(double minute) {
        return after(minute, 60_000);
    }
}
