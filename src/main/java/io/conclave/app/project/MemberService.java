package io.conclave.app.project;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.access.Access;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.command.ProposeAssignee;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.RetireAgent;
import io.conclave.model.command.UpdateAgent;
import io.conclave.app.Checks;
import io.conclave.app.access.Caller;

/**
 * The agents of a loaded project as members of it, behind the REST layer: an operator registers, updates
 * and retires them (each definition checked as the project file's agents are, every problem at once with its
 * JSON path), and an agent proposes who should do a task. Each is a journaled command the rules decide
 * (rules/assignment/members.drl, proposals.drl): they refuse it with a reason, or accept it and say what it did.
 */
@ApplicationScoped
public class MemberService {
    private final Access access;
    private final Checks checks;

    public MemberService(Access access, Checks checks) {
        this.access = access;
        this.checks = checks;
    }

    /** Adds an agent, defined as in the project file, to project {@code projectId}; answers with it as registered. */
    public ProjectViews.AgentView register(Caller caller, String projectId, ProjectSpec.AgentSpec body) {
        caller.mustOperate("register agents");
        Checks.id(projectId, "project_id");
        ProjectSpec.AgentSpec agent = Checks.present(body, "an agent { agent_id, skill_levels, ... }");
        RegisterAgent command = new RegisterAgent(agent);
        return access.project(caller, projectId).command(command, caller.name(), s -> check(s, agent),
                s -> ProjectQueries.agentView(s, agent.agentId()));
    }

    /** Replaces the definition of agent {@code agentId} (the path's; the body may repeat it, not contradict it). */
    public ProjectViews.AgentView update(Caller caller, String projectId, String agentId, ProjectSpec.AgentSpec body) {
        caller.mustOperate("update agents");
        Checks.id(projectId, "project_id");
        Checks.id(agentId, "agent_id");
        ProjectSpec.AgentSpec given = Checks.present(body, "an agent { skill_levels, ... }");
        ProjectSpec.AgentSpec agent = new ProjectSpec.AgentSpec(Checks.fromPath(given.agentId(), agentId, "agent_id"),
                given.name(), given.occupation(), given.skillLevels(), given.preferences(), given.maxOpenTasks(),
                given.availability(), given.manager(), given.capabilities(), given.priority());
        return access.project(caller, projectId).command(new UpdateAgent(agentId, agent), caller.name(),
                s -> check(s, agent), s -> ProjectQueries.agentView(s, agentId));
    }

    /** Retires agent {@code agentId}: the rules release its open work and take it off the roster; answers the agents left. */
    public List<ProjectViews.AgentView> retire(Caller caller, String projectId, String agentId, RetireAgent body) {
        caller.mustOperate("retire agents");
        Checks.id(projectId, "project_id");
        Checks.id(agentId, "agent_id");
        RetireAgent given = body == null ? new RetireAgent(null, null) : body;
        RetireAgent command = checks.valid(new RetireAgent(Checks.fromPath(given.agentId(), agentId, "agent_id"),
                given.reason()), "a retirement { reason? }");
        return access.project(caller, projectId).command(command, caller.name(), s -> { }, ProjectQueries::agentViews);
    }

    /**
     * {@code agent_id} proposes {@code assignee} for task {@code taskId}; the rules take the proposal or refuse it.
     * Returns the task and the decisions the proposal made (the proposal, and its verdict when the task was READY).
     */
    public ProjectViews.ProposalAnswer propose(Caller caller, String projectId, String taskId, ProposeAssignee body) {
        Checks.id(projectId, "project_id");
        Checks.id(taskId, "task_id");
        ProposeAssignee given = Checks.present(body, "a proposal { agent_id, assignee, rationale? }");
        caller.actAs(given.agentId());
        ProposeAssignee command = checks.valid(new ProposeAssignee(Checks.fromPath(given.taskId(), taskId, "task_id"),
                given.agentId(), given.assignee(), given.rationale()), "a proposal");
        return access.project(caller, projectId).command(command, command.agentId(),
                s -> ProjectService.guard(s, taskId, command.agentId()), s -> {
                    List<io.conclave.model.Decision> ledger = s.ledger();
                    long seq = ledger.get(ledger.size() - 1).getCommandSeq();
                    return new ProjectViews.ProposalAnswer(ProjectViews.TaskView.of(s.task(taskId)),
                            List.copyOf(s.latestDecisions(seq)));
                });
    }

    /** The definition checked against the project as it is now (its agents, for the manager). */
    private static void check(ProjectSession s, ProjectSpec.AgentSpec agent) {
        List<Problem> problems = ProjectValidator.checkMember(agent, s.agents());
        if (!problems.isEmpty()) {
            throw Checks.invalid(problems);
        }
    }
}
