package io.conclave.sim;

import io.conclave.model.run.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

import io.conclave.engine.meeting.MeetingSession;
import io.conclave.model.meeting.Meeting;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingDecisionKind;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.Proposal;
import io.conclave.model.meeting.Tally;

/** The report line of a simulated meeting, read from its session once its time is up. */
final class MeetingLines {
    private MeetingLines() {
    }

    /**
     * The meeting as it stands: its end is when it closed (null if it never did); the outcome rules are
     * those of the decisions that closed it, decided its proposals and wrote its minutes, in ledger order.
     */
    static RunReport.MeetingLine of(MeetingSession session, String taskId, long start, List<String> attendees,
                                    List<RunReport.MeetingAction> transcript, LongFunction<String> at) {
        Meeting meeting = session.meeting();
        Map<String, Map<String, String>> votes = new LinkedHashMap<>();
        session.ballots().forEach(b -> votes.computeIfAbsent(b.getProposalId(), p -> new TreeMap<>())
                .put(b.getAgentId(), b.getVote().json()));
        Map<String, String> decidedBy = new LinkedHashMap<>();
        Set<String> outcomeRules = new LinkedHashSet<>();
        String minutes = null;
        for (MeetingDecision d : session.ledger()) {
            boolean closed = d.getKind() == MeetingDecisionKind.STATE_CHANGED && d.getToState() == MeetingState.CLOSED;
            if (closed || d.getKind() == MeetingDecisionKind.PROPOSAL_DECIDED
                    || d.getKind() == MeetingDecisionKind.SUMMARY_WRITTEN) {
                outcomeRules.add(d.getRule());
            }
            if (d.getKind() == MeetingDecisionKind.PROPOSAL_DECIDED) {
                decidedBy.put(d.getProposalId(), d.getRule());
            }
            if (d.getKind() == MeetingDecisionKind.SUMMARY_WRITTEN) {
                minutes = d.getText();
            }
        }
        List<RunReport.ProposalLine> proposals = new ArrayList<>();
        for (Proposal p : session.proposals()) {
            Tally t = p.getTally();
            proposals.add(new RunReport.ProposalLine(p.getProposalId(), p.getTitle(), p.getDetails(), p.getProposer(),
                    p.getStatus().json(), t == null ? null
                            : new RunReport.TallyLine(t.yes(), t.no(), t.abstain(), t.notVoted(), t.active(), t.required()),
                    votes.getOrDefault(p.getProposalId(), Map.of()), decidedBy.get(p.getProposalId())));
        }
        return new RunReport.MeetingLine(taskId, meeting.getMeetingId(), at.apply(start),
                meeting.getState().isOver() ? at.apply(meeting.getStateSince()) : null, meeting.getState().json(),
                meeting.getChair(), attendees, proposals, minutes, List.copyOf(outcomeRules), List.copyOf(transcript));
    }
}
