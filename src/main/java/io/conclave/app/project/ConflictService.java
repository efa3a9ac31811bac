package io.conclave.app.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.access.Access;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Problem;
import io.conclave.model.command.ProposeConflictOption;
import io.conclave.model.command.ResolveConflict;
import io.conclave.app.Checks;
import io.conclave.app.access.Caller;

/**
 * Goal conflicts behind the REST layer: checks a proposal or a resolve request (every problem with
 * its JSON path) and journals it as a project command; rules/coordination/goal_conflicts.drl accepts, refuses and
 * resolves. Which option wins is never decided here.
 */
@ApplicationScoped
public class ConflictService {
    private final Access access;
    private final Checks checks;

    public ConflictService(Access access, Checks checks) {
        this.access = access;
        this.checks = checks;
    }

    /** {@code { agent_id, option, rationale?, topic?, parties? }}: a proposal; opens the conflict if it is the first. */
    public ConflictViews.ConflictView propose(Caller caller, String projectId, String conflictId,
                                              ProposeConflictOption body) {
        ProjectRuntime rt = project(caller, projectId, conflictId);
        ProposeConflictOption given = Checks.present(body, "the proposal");
        caller.actAs(given.agentId());
        ProposeConflictOption command = checks.valid(new ProposeConflictOption(
                Checks.fromPath(given.conflictId(), conflictId, "conflict_id"), given.agentId(), given.option(),
                given.rationale(), given.topic(), given.parties()), "the proposal");
        return rt.command(command, command.agentId(), s -> knownParties(s, command.parties()),
                s -> ProjectQueries.conflictView(s, conflictId));
    }

    /** {@code { agent_id }}: a party asks the rules to resolve the conflict now. */
    public ConflictViews.ConflictView resolve(Caller caller, String projectId, String conflictId,
                                              ResolveConflict body) {
        ProjectRuntime rt = project(caller, projectId, conflictId);
        ResolveConflict given = Checks.present(body, "the request");
        caller.actAs(given.agentId());
        ResolveConflict command = checks.valid(new ResolveConflict(
                Checks.fromPath(given.conflictId(), conflictId, "conflict_id"), given.agentId()), "the request");
        return rt.command(command, command.agentId(), s -> { }, s -> ProjectQueries.conflictView(s, conflictId));
    }

    private ProjectRuntime project(Caller caller, String projectId, String conflictId) {
        Checks.id(projectId, "project_id");
        Checks.id(conflictId, "conflict_id");
        return access.project(caller, projectId);
    }

    /** Parties must be agents of the project: a typo would make a conflict that never resolves by itself. */
    private static void knownParties(ProjectSession s, List<String> parties) {
        Set<String> agents = new HashSet<>();
        s.agents().forEach(a -> agents.add(a.getAgentId()));
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < parties.size(); i++) {
            if (!agents.contains(parties.get(i))) {
                problems.add(new Problem("$.parties[" + i + "]", "unknown agent '" + parties.get(i) + "' of project "
                        + s.projectId()));
            }
        }
        if (!problems.isEmpty()) {
            throw Checks.invalid(problems);
        }
    }
}
