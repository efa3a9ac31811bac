package io.conclave.app.project;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.access.Access;
import io.conclave.model.command.Delegate;
import io.conclave.app.Checks;
import io.conclave.app.access.Caller;

/**
 * The delegate command behind the REST layer: checks the input (every problem at once, with its JSON
 * path) and that the task and the acting agent exist, then hands the command to the delegation rules,
 * which accept it or refuse it with a code.
 */
@ApplicationScoped
public class DelegationService {
    private final Access access;
    private final Checks checks;

    public DelegationService(Access access, Checks checks) {
        this.access = access;
        this.checks = checks;
    }

    /** {@code agent_id}, holding the task, hands it to {@code to}. */
    public ProjectViews.TaskView delegate(Caller caller, String projectId, String taskId, Delegate body) {
        Checks.id(projectId, "project_id");
        Checks.id(taskId, "task_id");
        Delegate given = Checks.present(body, "a delegation");
        caller.actAs(given.agentId());
        Delegate command = checks.valid(new Delegate(Checks.fromPath(given.taskId(), taskId, "task_id"),
                given.agentId(), given.to()), "a delegation");
        return access.projectInScope(caller, projectId).command(command, command.agentId(),
                s -> ProjectService.guard(s, taskId, command.agentId()), s -> ProjectViews.TaskView.of(s.task(taskId)));
    }
}
