package io.conclave.app.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.engine.project.ProjectSession;
import io.conclave.model.CommandException;
import io.conclave.model.command.ReleaseResource;
import io.conclave.model.command.RequestResource;
import io.conclave.model.resource.ResourceRequest;
import io.conclave.model.resource.SharedResource;
import io.conclave.app.Checks;
import io.conclave.app.access.Caller;
import io.conclave.engine.policy.Outputs;

/**
 * Shared resources agents ask for, behind the REST layer: checks a request or a release (every problem at once,
 * with its JSON path) and journals it as a project command; who gets the resource, in which order and in which
 * windows is the rules' to say (rules/coordination/resource*.drl). Reads answer what the project holds now.
 */
@ApplicationScoped
public class ResourceService {
    private final ProjectService projects;
    private final Checks checks;

    public ResourceService(ProjectService projects, Checks checks) {
        this.projects = projects;
        this.checks = checks;
    }

    /** A request in windows or alone: what the agent asked, and where it stands. */
    public record RequestView(int request, String agentId, String taskId, int agentPriority, int taskPriority,
                              Double hours, String status, double hoursGiven, double hoursLeft, int windows,
                              String lastWindowEnd, boolean waited) {
    }

    /**
     * A shared resource: {@code mode} "alone" (held by {@code holder}), "windows" (a round under way), or "free";
     * the current round of windows; when the next round is due; the open requests in arrival order.
     */
    public record ResourceView(String resource, String mode, String holder, int grants, int round, String roundStart,
                               String roundEnd, String nextRoundAt, List<RequestView> requests) {
    }

    /** {@code { agent_id, task_id?, hours? }}: the agent asks for the resource named in the path. */
    public void request(Caller caller, String projectId, String resource, RequestResource body) {
        Checks.id(projectId, "project_id");
        Checks.id(resource, "resource");
        RequestResource given = Checks.present(body, "a request { agent_id, task_id?, hours? }");
        caller.actAs(given.agentId());
        RequestResource command = checks.valid(new RequestResource(Checks.fromPath(given.resource(), resource, "resource"),
                given.agentId(), given.taskId(), given.hours()), "the request");
        projects.runtime(caller, projectId).command(command, command.agentId(), s -> { });
    }

    /** {@code { agent_id }}: the agent lets go of the resource, withdraws its request, or ends its window early. */
    public void release(Caller caller, String projectId, String resource, ReleaseResource body) {
        Checks.id(projectId, "project_id");
        Checks.id(resource, "resource");
        ReleaseResource given = Checks.present(body, "a release { agent_id }");
        caller.actAs(given.agentId());
        ReleaseResource command = checks.valid(new ReleaseResource(Checks.fromPath(given.resource(), resource, "resource"),
                given.agentId()), "the release");
        projects.runtime(caller, projectId).command(command, command.agentId(), s -> { });
    }

    /** Every shared resource the agents of the project asked for, by name. */
    public List<ResourceView> list(Caller caller, String projectId) {
        Checks.id(projectId, "project_id");
        return projects.read(caller, projectId, ResourceService::views);
    }

    /** One shared resource; 404 when nobody asked for it. */
    public ResourceView get(Caller caller, String projectId, String resource) {
        Checks.id(resource, "resource");
        return list(caller, projectId).stream().filter(r -> r.resource().equals(resource)).findFirst()
                .orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND, "resource_not_found",
                        "no agent of project " + projectId + " asked for resource '" + resource + "'"));
    }

    static List<ResourceView> views(ProjectSession s) {
        long now = s.timeMillis();
        List<ResourceRequest> requests = new ArrayList<>(s.outputs(Outputs.RESOURCE_REQUESTS));
        requests.sort(Comparator.comparingInt(ResourceRequest::getOrder));
        List<SharedResource> resources = new ArrayList<>(s.outputs(Outputs.SHARED_RESOURCES));
        resources.sort(Comparator.comparing(SharedResource::getResource));
        List<ResourceView> out = new ArrayList<>();
        for (SharedResource r : resources) {
            List<RequestView> lines = requests.stream().filter(q -> q.getResource().equals(r.getResource()))
                    .map(q -> new RequestView(q.getOrder(), q.getAgentId(), q.getTaskId(), q.getAgentPriority(),
                            q.getTaskPriority(), q.getHours(), status(q), q.getHoursGiven(), q.getHoursLeft(),
                            q.getWindows(), q.getLastWindowEnd() < 0 ? null : at(q.getLastWindowEnd()), q.isWaited()))
                    .toList();
            String mode = r.getHolder() != null ? "alone" : r.roundUnderWay(now) ? "windows" : "free";
            out.add(new ResourceView(r.getResource(), mode, r.getHolder(), r.getGrants(), r.getRound(),
                    r.getRound() == 0 ? null : at(r.getRoundStart()), r.getRound() == 0 ? null : at(r.getRoundEnd()),
                    r.getNextRoundAt() == null ? null : at(r.getNextRoundAt()), lines));
        }
        return out;
    }

    private static String status(ResourceRequest q) {
        if (!q.isWindowed()) {
            return q.isGranted() ? "holds" : "waits";
        }
        return q.getHoursLeft() > 0 ? "windows" : "all_given";
    }

    private static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
