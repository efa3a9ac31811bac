package io.conclave.app.project;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.command.Delegate;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;

/**
 * The delegate command behind the REST layer: checks the input (every problem at once, with its JSON
 * path) and that the task and the acting agent exist, then hands the command to the delegation rules,
 * which accept it or refuse it with a code.
 */
@ApplicationScoped
public class DelegationService {
    private final ProjectRegistry registry;
    private final Checks checks;

    public DelegationService(Engine engine, Checks checks) {
        this.registry = engine.projects();
        this.checks = checks;
    }

    /** {@code agent_id}, holding the task, hands it to {@code to}. */
    public void delegate(Caller caller, String projectId, String taskId, Delegate body) {
        Checks.id(projectId, "project_id");
        Checks.id(taskId, "task_id");
        Delegate given = Checks.present(body, "a delegation");
        caller.actAs(given.agentId());
        Delegate command = checks.valid(new Delegate(Checks.fromPath(given.taskId(), taskId, "task_id"),
                given.agentId(), given.to()), "a delegation");
        registry.get(projectId).command(command, command.agentId(),
                s -> ProjectService.guard(s, taskId, command.agentId()));
    }
}
