package io.conclave.engine.meeting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.whynot.ChangeSearch;
import io.conclave.engine.whynot.Scratches;
import io.conclave.journal.JournalEntry;
import io.conclave.model.CommandException;
import io.conclave.model.command.MeetingCommand;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.meeting.Ballot;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MessageSchema;
import io.conclave.model.meeting.Participant;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.model.meeting.Threshold;
import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.Lever;
import io.conclave.model.whynot.Trial;
import io.conclave.model.whynot.WhyNot;

/**
 * What votes would have given a proposal the other outcome, answered by replaying the meeting's journal up to the
 * entry that decided it in scratch copies, with candidate ballots: an agent that voted otherwise (or did not vote)
 * votes for the wanted outcome, in its own vote message, or in one posted just before the vote was counted. A
 * change counts when the proposal then has the wanted outcome. Only participants who joined the meeting can vote:
 * they are the levers; under the bft threshold the proposer does not vote on its own proposal.
 */
public final class OutcomeWhyNot {
    /** The outcomes one may ask for. */
    public static final List<String> OUTCOMES = List.of("accepted", "rejected");
    static final int VOTE = 1;
    /** How far a ballot moves on the scale no < abstain (or no vote) < yes. */
    private static final Map<String, Integer> SCALE = Map.of("no", 0, "abstain", 1, "", 1, "yes", 2);

    private final MeetingRuntime meeting;
    private final String proposalId;
    private final String wanted;
    private final List<JournalEntry<MeetingCommand>> entries;
    private final int decidedAt;
    private final JournaledRuntime.Setting setting;

    private OutcomeWhyNot(MeetingRuntime meeting, String proposalId, String wanted,
                          List<JournalEntry<MeetingCommand>> entries, int decidedAt) {
        this.meeting = meeting;
        this.proposalId = proposalId;
        this.wanted = wanted;
        this.entries = entries;
        this.decidedAt = decidedAt;
        this.setting = Scratches.quiet(meeting.setting);
    }

    /**
     * Answers "what votes would have made proposal {@code proposalId} {@code wanted}?" within {@code limitNanos} and
     * {@code maxTrials} replays. 404 for a proposal the meeting does not have; 409 when it has that outcome, or has
     * none yet.
     */
    public static WhyNot of(MeetingRuntime meeting, String proposalId, String wanted, long limitNanos, int maxTrials) {
        long deadline = System.nanoTime() + limitNanos;
        String id = meeting.meetingId();
        MeetingDecision decided = meeting.read(v -> {
            Proposal p = v.session().proposals().stream().filter(x -> x.getProposalId().equals(proposalId))
                    .findFirst().orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND,
                            "proposal_not_found", "meeting " + id + " has no proposal " + proposalId));
            if (p.isOpen()) {
                throw new CommandException(CommandException.Kind.CONFLICT, "proposal_open", "proposal " + proposalId
                        + " of meeting " + id + " is still open: its vote has not been counted yet");
            }
            if (p.getStatus().json().equals(wanted)) {
                throw new CommandException(CommandException.Kind.CONFLICT, "proposal_has_outcome", "proposal "
                        + proposalId + " was " + wanted + ": ask about the outcome it did not get");
            }
            return v.ledger().stream().filter(d -> d.getKind() == MeetingDecisionKind.PROPOSAL_DECIDED
                    && proposalId.equals(d.getProposalId())).reduce((a, b) -> b).orElseThrow();
        });
        List<JournalEntry<MeetingCommand>> entries = meeting.entries();
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).seq() == decided.getCommandSeq()) {
                at = i;
            }
        }
        if (at <= 0) {
            throw new CommandException(CommandException.Kind.CONFLICT, "decision_not_replayable", "proposal "
                    + proposalId + " was decided by journal entry " + decided.getCommandSeq() + ", which the meeting's"
                    + " journal does not hold after its creation");
        }
        return new OutcomeWhyNot(meeting, proposalId, wanted, entries, at).answer(decided, deadline, maxTrials);
    }

    private WhyNot answer(MeetingDecision decided, long deadline, int maxTrials) {
        JournalEntry<MeetingCommand> e = entries.get(decidedAt);
        WhyNot.Decided was = new WhyNot.Decided(decided.getSeq(), e.seq(), e.type(), e.actor(), decided.getRule(),
                decided.getPolicyVersion(), decided.getText(), List.of(), decided.getReason());
        List<Lever> levers = levers();
        long started = System.nanoTime();
        ChangeSearch.Result r = ChangeSearch.run(levers, this::trial, deadline, maxTrials);
        return WhyNot.of("outcome", meeting.meetingId(), proposalId, wanted, "what votes would have made proposal "
                + proposalId + " " + wanted + "?", was, levers, r.change(), r.then(), r.smallest(),
                r.excluded() == null ? null : r.excluded().trial(), applying(r.change()), r.tried(), maxTrials,
                System.nanoTime() - started, r.stopped());
    }

    // ------------------------------------------------------------------ levers

    /** One lever per participant who joined and whose ballot (as counted) is not yet for the wanted outcome. */
    private List<Lever> levers() {
        MeetingRuntime scratch = replay(List.of());
        try {
            return scratch.readScratch(v -> {
                Proposal p = v.session().proposals().stream().filter(x -> x.getProposalId().equals(proposalId))
                        .findFirst().orElseThrow();
                boolean bft = v.meeting().getThreshold() == Threshold.BFT;
                Map<String, String> ballots = new LinkedHashMap<>();
                for (Ballot b : v.session().ballots()) {
                    if (b.getProposalId().equals(proposalId)) {
                        ballots.put(b.getAgentId(), b.getVote().json());
                    }
                }
                List<Lever> out = new ArrayList<>();
                for (Participant part : v.session().participants()) {
                    String a = part.getAgentId();
                    if (!part.isAttended() || (bft && a.equals(p.getProposer()))) {
                        continue;
                    }
                    String from = ballots.get(a);
                    int at = SCALE.get(from == null ? "" : from);
                    List<Lever.Step> steps = new ArrayList<>();
                    if (wanted.equals("accepted") && at < 2) {
                        steps.add(new Lever.Step("yes", 2 - at));
                    } else if (wanted.equals("rejected") && at == 2) {
                        steps.add(new Lever.Step("abstain", 1));
                        steps.add(new Lever.Step("no", 2));
                    }
                    if (!steps.isEmpty()) {
                        out.add(new Lever("vote:" + a, "vote", VOTE, "votes", null, a, proposalId, from, steps));
                    }
                }
                return out;
            });
        } finally {
            Scratches.close(scratch);
        }
    }

    // ------------------------------------------------------------------ one trial

    private Trial trial(List<Edit> edits) {
        MeetingRuntime scratch = null;
        try {
            scratch = replay(edits);
            return scratch.readScratch(v -> {
                Proposal p = v.session().proposals().stream().filter(x -> x.getProposalId().equals(proposalId))
                        .findFirst().orElse(null);
                MeetingDecision d = v.ledger().stream().filter(x -> x.getKind() == MeetingDecisionKind.PROPOSAL_DECIDED
                        && proposalId.equals(x.getProposalId())).reduce((a, b) -> b).orElse(null);
                if (p == null || d == null) {
                    return new Trial(false, null, p == null ? null : p.getStatus().json(), null, null,
                            "the proposal was not decided in this replay");
                }
                return new Trial(p.getStatus() == ProposalStatus.parse(wanted), d.getRule(), d.getText(), List.of(),
                        d.getReason(), null);
            });
        } catch (Refused r) {
            return new Trial(false, null, null, null, null, r.getMessage());
        } finally {
            Scratches.close(scratch);
        }
    }

    /** An entry of the change the rules refused: the trial fails with the reason. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Replays the journal up to the deciding entry with the edits: a participant's own last vote on the proposal
     * carries the new ballot, or, for one that did not vote, a vote is posted just before the deciding entry (at the
     * time of the entry before it, so no time limit passes).
     */
    private MeetingRuntime replay(List<Edit> edits) {
        Map<String, String> votes = new LinkedHashMap<>();
        edits.forEach(e -> votes.put(e.target(), (String) e.to()));
        Map<String, Integer> lastVote = new LinkedHashMap<>();
        for (int i = 0; i < decidedAt; i++) {
            if (entries.get(i).command() instanceof PostToMeeting post && post.isVote()
                    && proposalId.equals(post.proposalId())) {
                lastVote.put(post.agentId(), i);
            }
        }
        MeetingRuntime scratch = MeetingRuntime.scratch(meeting.meetingId(), setting);
        for (int i = 0; i <= decidedAt; i++) {
            JournalEntry<MeetingCommand> e = entries.get(i);
            if (i == decidedAt) {
                JournalEntry<MeetingCommand> prev = entries.get(i - 1);
                for (Map.Entry<String, String> v : votes.entrySet()) {
                    if (!lastVote.containsKey(v.getKey())) {
                        apply(scratch, new JournalEntry<>(prev.seq(), v.getKey(), e.policyVersion(), prev.recordedAt(),
                                vote(v.getKey(), v.getValue())), true);
                    }
                }
            }
            MeetingCommand c = e.command();
            if (c instanceof PostToMeeting post && votes.containsKey(post.agentId())
                    && Integer.valueOf(i).equals(lastVote.get(post.agentId()))) {
                c = vote(post, votes.get(post.agentId()));
            }
            // the deciding entry may be refused now (a ballot inserted before it closed the vote already): the
            // proposal's state says what became of it
            apply(scratch, new JournalEntry<>(e.seq(), e.actor(), e.policyVersion(), e.recordedAt(), c, e.key()),
                    i == 0 || c != e.command());
        }
        return scratch;
    }

    private static void apply(MeetingRuntime scratch, JournalEntry<MeetingCommand> e, boolean mustTake) {
        try {
            scratch.replayOne(e);
        } catch (CommandException refused) {
            if (mustTake) {
                Scratches.close(scratch);
                throw new Refused("entry " + e.seq() + " (" + e.type() + " by " + e.actor() + ") was refused: "
                        + refused.getMessage());
            }
            // another entry the change makes the rules refuse is left out, as the rules would have
        }
    }

    private PostToMeeting vote(String agentId, String value) {
        return new PostToMeeting(null, null, agentId, MessageSchema.VOTE, proposalId, null, null, null, null, null,
                value, "why-not: the ballot asked about", null, null, null, null);
    }

    private static PostToMeeting vote(PostToMeeting p, String value) {
        return new PostToMeeting(p.messageId(), p.meetingId(), p.agentId(), p.messageType(), p.proposalId(), p.title(),
                p.details(), p.status(), p.text(), p.replyToMessageId(), value, p.rationale(), p.summaryText(),
                p.oldState(), p.newState(), p.reason());
    }

    /** How to make the change for real: each ballot cast while the meeting votes, before the vote is counted. */
    private WhyNot.Apply applying(List<Edit> change) {
        if (change == null) {
            return null;
        }
        List<WhyNot.Call> calls = change.stream().map(e -> new WhyNot.Call("POST", "/api/meetings/"
                + meeting.meetingId() + "/votes", Map.of("agent_id", e.target(), "proposal_id", proposalId, "vote",
                e.to()))).toList();
        JournalEntry<MeetingCommand> e = entries.get(decidedAt);
        return new WhyNot.Apply("each vote cast while the meeting votes, before journal entry " + e.seq() + " ("
                + e.type() + " by " + e.actor() + ") counted them", calls);
    }
}
