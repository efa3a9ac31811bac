package io.conclave.app.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.CommandException;
import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.model.Ids;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ServiceEvent;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.command.ReportTask;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.Checks;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;
import io.conclave.app.meeting.MeetingTasks;

/**
 * The project commands behind the REST layer: reads and checks input (every problem at once, with
 * its JSON path), refuses commands that do not fit the task's state, and hands the rest to the engine.
 */
@ApplicationScoped
public class ProjectService {
    private static final Logger LOG = Logger.getLogger(ProjectService.class);

    private final ProjectRegistry registry;
    private final EventHub events;
    private final ConclaveConfig config;
    private final Checks checks;
    private final MeetingTasks meetingTasks;
    private final int port;
    private final Access access;

    public ProjectService(Engine engine, EventHub events, ConclaveConfig config, Checks checks,
                          MeetingTasks meetingTasks, @ConfigProperty(name = "quarkus.http.port") int port,
                          Access access) {
        this.registry = engine.projects();
        this.access = access;
        this.meetingTasks = meetingTasks;
        this.events = events;
        this.checks = checks;
        this.config = config;
        this.port = port;
    }

    /** Loads every example project file whose project is not known yet (after the engine started). */
    void loadExamples(@Observes @Priority(20) StartupEvent event) throws IOException {
        Path dir = config.projectsDir();
        if (config.loadProjectsOnStart() && Files.isDirectory(dir) && config.cluster().bootstrapServers().isEmpty()) {
            loadFolder(dir);
        } else if (config.loadProjectsOnStart() && config.cluster().bootstrapServers().isPresent()) {
            LOG.infof("in a cluster the example projects of %s are not loaded: create projects over the API", dir);
        }
        LOG.infof("Conclave serves %d project(s): http://localhost:%d/api/projects (API docs: /q/swagger-ui)",
                registry.all().size(), port);
    }

    private void loadFolder(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            try {
                JsonNode definition = Json.MAPPER.readTree(file.toFile());
                String id = definition.path("project_id").asText(null);
                if (id != null && !registry.exists(id)) {
                    create(definition, "operator");
                    LOG.infof("loaded project %s from %s", id, file);
                }
            } catch (IOException | RuntimeException e) {
                LOG.errorf("project file %s not loaded: %s", file, e.getMessage());
            }
        }
    }

    /**
     * A project created: its id, and the unknown fields of its file that were ignored (only when
     * {@code conclave.projects.allow-unknown-fields} is true; refused otherwise).
     */
    public record Created(String projectId, List<Problem> ignoredFields) {
    }

    /** Creates a project from its JSON definition; all problems are reported together. */
    public Created create(Caller caller, JsonNode definition) {
        caller.mustOperate("create projects");
        return create(definition, caller.name());
    }

    /** Creates a project as {@code actor} (the service itself: the example projects at start). */
    Created create(JsonNode definition, String actor) {
        ProjectDefinitions.Read read = ProjectDefinitions.read(definition, config.projects().allowUnknownFields());
        String id = registry.create(read.spec(), actor).projectId();
        read.ignored().forEach(p -> LOG.warnf("project %s: %s %s", id, p.path(), p.message()));
        return new Created(id, read.ignored());
    }

    /**
     * Deletes a project (its journal is moved aside) with the live meetings of its meeting tasks
     * ({@link MeetingTasks#deleteProject}) and publishes PROJECT_DELETED; 404 when there is none.
     */
    public void delete(Caller caller, String projectId) throws IOException {
        caller.mustOperate("delete projects");
        String actor = caller.name();
        checkId(projectId, "project_id");
        registry.get(projectId); // 404 before anything waits
        meetingTasks.deleteProject(projectId);
        events.publish(ServiceEvent.task("PROJECT_DELETED", Instant.now(), projectId, null, actor, null));
    }

    /**
     * Reads and checks a project definition as POST /api/projects does by default (unknown fields refused): a 400
     * ({@link CommandException.Kind#INVALID}) listing every problem with its JSON path ({@link ProjectDefinitions}).
     * The command-line mode ({@code io.conclave.cli}) uses it too.
     */
    public static ProjectSpec specOf(JsonNode definition) {
        return ProjectDefinitions.read(definition, false).spec();
    }

    /**
     * Applies an agent's report on a task. Java checks only that the task and the agent exist; the
     * rules accept the report or refuse it with a reason (409), and a refused report changes nothing.
     */
    public void report(String projectId, String taskId, TaskEvent.Kind kind, String agentId) {
        report(projectId, taskId, kind, agentId, null);
    }

    /** As {@link #report(String, String, TaskEvent.Kind, String)}, with what the agent produced (null: nothing). */
    public void report(String projectId, String taskId, TaskEvent.Kind kind, String agentId, JsonNode result) {
        checkId(projectId, "project_id");
        report(new Caller(agentId, Caller.AGENT, agentId, List.of(), null), registry.get(projectId), taskId, kind,
                new ReportTask(null, null, agentId, result));
    }

    /**
     * An agent's report as the REST body gives it ({@code { agent_id, result? }}); the path gives the task and kind.
     * Answers with the task as the report left it, read under the same hold of the project's lock.
     */
    public ProjectViews.TaskView report(Caller caller, String projectId, String taskId, TaskEvent.Kind kind,
                                        ReportTask body) {
        checkId(projectId, "project_id");
        return report(caller, access.projectInScope(caller, projectId), taskId, kind, body);
    }

    private ProjectViews.TaskView report(Caller caller, ProjectRuntime rt, String taskId, TaskEvent.Kind kind,
                                         ReportTask body) {
        checkId(taskId, "task_id");
        ReportTask given = Checks.present(body, "a report");
        caller.actAs(given.agentId());
        if (given.kind() != null && given.kind() != kind) {
            throw Checks.invalid(List.of(new Problem("$.kind", "is " + kind + " by the request's path, not "
                    + given.kind())));
        }
        // only a completion keeps what the agent produced
        ReportTask report = checks.valid(new ReportTask(kind, Checks.fromPath(given.taskId(), taskId, "task_id"),
                given.agentId(), kind == TaskEvent.Kind.COMPLETE ? given.result() : null), "a report");
        return rt.command(report, report.agentId(), session -> guard(session, taskId, report.agentId()),
                session -> ProjectQueries.taskView(session, taskId));
    }

    /** A project's runtime, to read it or run commands on it: 400 for an id that is not one, 404 for no project. */
    public ProjectRuntime runtime(String projectId) {
        checkId(projectId, "project_id");
        return registry.get(projectId);
    }

    /** A project's runtime for {@code caller}, if it may reach it ({@link Access}); 403 otherwise. */
    public ProjectRuntime runtime(Caller caller, String projectId) {
        return access.project(caller, projectId);
    }

    /** Reads the project under its lock, if {@code caller} may see it. */
    public <T> T read(Caller caller, String projectId, Function<ProjectSession, T> reader) {
        return runtime(caller, projectId).read(reader);
    }

    /**
     * What lists show of every project {@code caller} may see (by id): kept beside each project, so listing
     * rebuilds no project that sleeps.
     */
    public List<io.conclave.engine.project.ProjectListing> summaries(Caller caller) {
        List<io.conclave.engine.project.ProjectListing> out = new java.util.ArrayList<>();
        for (ProjectRuntime rt : registry.all()) {
            try {
                io.conclave.engine.project.ProjectListing l = rt.summary();
                if (caller.sees(l.projectId(), l.agentIds())) {
                    out.add(l);
                }
            } catch (io.conclave.model.CommandException deletedMeanwhile) {
                // a project deleted while the list was read is not listed
            }
        }
        return out;
    }

    /** Projects whose journal is damaged, for operators: they take no commands until an operator repairs them. */
    public List<OwnerRegistry.Damaged> damaged(Caller caller) {
        return caller.isOperator() ? registry.damaged() : List.of();
    }

    /** The ids of a project's agents. */
    public static List<String> agentIds(ProjectSession s) {
        return s.agents().stream().map(a -> a.getAgentId()).toList();
    }

    /**
     * The checks Java makes before a command about a task reaches the rules: the task exists (404) and
     * the acting agent, when there is one, is an agent of the project (400 at {@code $.agent_id}).
     * Whether the agent may do it in the task's status is the policy's to say.
     */
    static void guard(ProjectSession session, String taskId, String agentId) {
        Task task = session.task(taskId);
        if (task == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "task_not_found",
                    "project " + session.projectId() + " has no task '" + taskId + "'");
        }
        if (agentId != null && session.agents().stream().noneMatch(a -> a.getAgentId().equals(agentId))) {
            throw new CommandException(CommandException.Kind.INVALID, "unknown_agent",
                    "project " + session.projectId() + " has no agent '" + agentId + "'",
                    List.of(new Problem("$.agent_id", "unknown agent '" + agentId + "'")));
        }
    }

    /** Refuses ids that are not safe as file names, before they touch anything. */
    public static void checkId(String id, String what) {
        String problem = Ids.problem(id);
        if (problem != null) {
            throw invalid(List.of(new Problem(what, problem)));
        }
    }

    private static CommandException invalid(List<Problem> problems) {
        return new CommandException(CommandException.Kind.INVALID, "invalid_request",
                problems.size() + " problem(s) in the request", problems);
    }
}
