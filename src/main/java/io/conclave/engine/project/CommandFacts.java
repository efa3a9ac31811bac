package io.conclave.engine.project;

import java.util.Comparator;
import java.util.List;

import io.conclave.model.Agent;
import io.conclave.model.ProjectFacts;
import io.conclave.model.command.Announce;
import io.conclave.model.command.Delegate;
import io.conclave.model.command.MemoryCommand;
import io.conclave.model.command.PlaceBid;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.model.command.ProposeConflictOption;
import io.conclave.model.command.RecordMeetingOutcome;
import io.conclave.model.command.RecordWorkElsewhere;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.ReleaseResource;
import io.conclave.model.command.RequestResource;
import io.conclave.model.command.ResolveConflict;
import io.conclave.model.command.RetireAgent;
import io.conclave.model.command.SendInterrupt;
import io.conclave.model.command.UpdateAgent;
import io.conclave.model.members.MembershipRequest;
import io.conclave.model.memory.MemoryOwner;

/**
 * The fact the rules decide a coordination command on (a membership request, a proposal, a bid, a delegation, a
 * memory write...): most commands say it themselves; the roster's commands and memory writes need the roster.
 */
final class CommandFacts {
    private CommandFacts() {
    }

    /** The fact {@code c}, sent by {@code actor} to project {@code projectId}, is posted as. */
    static Object of(ProjectCommand c, String actor, ProjectSession session, String projectId) {
        if (c instanceof RegisterAgent r) {
            int order = session.agents().stream().mapToInt(Agent::getLoadOrder).max().orElse(-1) + 1;
            return new MembershipRequest(MembershipRequest.REGISTER, r.definition().agentId(),
                    ProjectFacts.agentOf(r.definition(), order), null, actor);
        } else if (c instanceof UpdateAgent u) {
            // the agent keeps its place in the roster; an unknown one is the rules' to refuse
            int order = session.agents().stream().filter(a -> a.getAgentId().equals(u.agentId()))
                    .mapToInt(Agent::getLoadOrder).findFirst().orElse(Integer.MAX_VALUE);
            return new MembershipRequest(MembershipRequest.UPDATE, u.agentId(), ProjectFacts.agentOf(u.definition(), order),
                    null, actor);
        } else if (c instanceof RetireAgent r) {
            return new MembershipRequest(MembershipRequest.RETIRE, r.agentId(), null, r.reason(), actor);
        } else if (c instanceof ProposeAssignee p) {
            return p.toFact();
        } else if (c instanceof SendInterrupt i) {
            return i.toFact();
        } else if (c instanceof RecordMeetingOutcome o) {
            return o.toFact();
        } else if (c instanceof ProposeConflictOption p) {
            return p.toFact();
        } else if (c instanceof ResolveConflict r) {
            return r.toFact();
        } else if (c instanceof PlaceBid b) {
            return b.toFact();
        } else if (c instanceof Announce a) {
            return a.toFact();
        } else if (c instanceof Delegate d) {
            return d.toFact();
        } else if (c instanceof MemoryCommand m) {
            // the roster in its order: whose copies of the shared memory a write reaches
            List<String> roster = session.agents().stream()
                    .sorted(Comparator.comparingInt(Agent::getLoadOrder))
                    .map(Agent::getAgentId).toList();
            return m.toRequest(MemoryOwner.project(projectId), roster);
        } else if (c instanceof RequestResource r) {
            return r.toFact();
        } else if (c instanceof ReleaseResource r) {
            return r.toFact();
        } else if (c instanceof RecordWorkElsewhere w) {
            return w.toFact();
        }
        throw new IllegalStateException("no fact for project command " + c.type());
    }
}
