package io.conclave.app.project;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.engine.project.ProjectRegistry;
import io.conclave.model.command.Announce;
import io.conclave.model.command.PlaceBid;
import io.conclave.app.Checks;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;

/**
 * Contract-net commands behind the REST layer: checks a bid (every problem at once, with its JSON path)
 * and that the task and the agent exist; whether the bid is taken, and who wins, is the rules' to say
 * (contract_net*.drl).
 */
@ApplicationScoped
public class ContractNetService {
    private final ProjectRegistry registry;
    private final Checks checks;

    public ContractNetService(Engine engine, Checks checks) {
        this.registry = engine.projects();
        this.checks = checks;
    }

    /** An agent's answer to a call for proposals: {@code { agent_id, cost, confidence? }} or {@code { agent_id, decline: true }}. */
    public void bid(Caller caller, String projectId, String taskId, PlaceBid body) {
        Checks.id(projectId, "project_id");
        Checks.id(taskId, "task_id");
        PlaceBid given = Checks.present(body, "a bid");
        caller.actAs(given.agentId());
        PlaceBid bid = checks.valid(new PlaceBid(Checks.fromPath(given.taskId(), taskId, "task_id"), given.agentId(),
                given.cost(), given.confidence(), given.decline()), "a bid");
        registry.get(projectId).command(bid, bid.agentId(), s -> ProjectService.guard(s, taskId, bid.agentId()));
    }

    /** The operator asks for a contract-net task to be announced again. */
    public void announce(Caller caller, String projectId, String taskId) {
        caller.mustOperate("announce a task again");
        String actor = caller.name();
        Checks.id(projectId, "project_id");
        Checks.id(taskId, "task_id");
        registry.get(projectId).command(new Announce(taskId, actor), actor, s -> ProjectService.guard(s, taskId, null));
    }
}
