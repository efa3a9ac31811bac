package io.conclave.model.meeting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The text of a closed meeting's summary: who attended (and, when fewer than its quorum ever joined, that it never
 * met), each proposal with its result and count, and the action items (the accepted proposals). Stable order:
 * proposals as posted, attendees sorted.
 */
public final class Minutes {
    private Minutes() {
    }

    public static String of(Meeting m, Collection<?> attendedIds, Collection<?> proposals) {
        List<String> attended = new ArrayList<>();
        attendedIds.forEach(a -> attended.add(String.valueOf(a)));
        attended.sort(Comparator.naturalOrder());
        List<Proposal> all = new ArrayList<>();
        proposals.forEach(p -> all.add((Proposal) p));
        all.sort(Comparator.comparingInt(Proposal::getOrder));

        StringBuilder sb = new StringBuilder();
        sb.append("Minutes of meeting ").append(m.getMeetingId()).append(" (").append(m.getTopic()).append(")\n");
        sb.append("Attended: ").append(attended.isEmpty() ? "nobody" : String.join(", ", attended));
        if (attended.size() < m.getQuorumNeeded() && !m.isVoteHeld()) {
            // fewer ever joined than the quorum and no vote was opened (a consensus opens one without joins): it
            // never discussed nor voted (closed for its task's end, or its time)
            sb.append(" (quorum of ").append(m.getQuorumNeeded()).append(" never reached: the meeting closed before it met)");
        }
        sb.append('\n');
        sb.append("Decisions (").append(m.getThreshold().json()).append("):").append(all.isEmpty() ? " none\n" : "\n");
        for (Proposal p : all) {
            Tally t = p.getTally();
            sb.append("- ").append(p.getProposalId()).append(" \"").append(p.getTitle()).append("\": ")
                    .append(p.getStatus().json());
            if (t != null) {
                sb.append(" (").append(t.yes()).append(" yes, ").append(t.no()).append(" no, ").append(t.abstain())
                        .append(" abstain, ").append(t.notVoted()).append(" not voted of ");
                if (Boolean.TRUE.equals(t.proposerCounted())) {
                    sb.append(t.active() - 1).append(" voters, n = ").append(t.active())
                            .append(" agents counting the proposer, f = ").append(t.faultTolerance()).append("; ");
                } else {
                    sb.append(t.active()).append(t.faultTolerance() == null ? " active; "
                            : " voters, f = " + t.faultTolerance() + "; ");
                }
                sb.append(t.required()).append(" needed)");
            } else if (p.getStatus() == ProposalStatus.NOT_DECIDED) {
                sb.append(" (the meeting closed without voting on it)");
            }
            sb.append('\n');
        }
        List<Proposal> accepted = all.stream().filter(p -> p.getStatus() == ProposalStatus.ACCEPTED).toList();
        sb.append("Action items:").append(accepted.isEmpty() ? " none" : "");
        for (Proposal p : accepted) {
            sb.append("\n- ").append(p.getTitle()).append(" (proposed by ").append(p.getProposer()).append(')');
        }
        return sb.toString();
    }
}
