package io.conclave.app.roster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.app.Checks;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.app.access.Caller;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.journal.RosterJournal;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.command.RecordWorkElsewhere;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.UpdateAgent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.engine.policy.Outputs;

/**
 * The organisation roster: an agent registered once and serving several projects. A roster agent joins a project
 * as a member defined as the roster defines it (a journaled {@code agent_register} of the project); a change of its
 * definition reaches every project it serves ({@code agent_update}). Its open work in each project is read from
 * that project, and each project it serves is told, as a journaled {@code work_elsewhere} command, the work it has
 * in the others whenever that changes: the project's rules count it against the agent's capacity
 * (rules/assignment/work_elsewhere.drl), and the project replays from its own journal alone. Readings and the
 * commands they make run on a worker of their own, never under a project's lock, one project at a time. The roster's
 * own changes are journaled ({@link RosterJournal}) and replayed at start. One node: in a cluster, a project served
 * by another node is neither read nor told.
 */
@ApplicationScoped
public class RosterService {
    private static final Logger LOG = Logger.getLogger(RosterService.class);
    /** The actor the service journals readings as. */
    static final String ACTOR = "roster";

    private final ProjectRegistry projects;
    private final EventHub hub;
    private final Checks checks;
    private final RosterJournal journal;
    /** The roster's agents by id, and the projects each serves in the order it joined them. */
    private final Map<String, ProjectSpec.AgentSpec> agents = new TreeMap<>();
    private final Map<String, List<String>> serves = new TreeMap<>();
    /**
     * The projects roster agents serve, read without the roster's lock: the event filter runs on the thread that
     * published the event, which holds that project's lock, while the roster's own changes take project locks under
     * the roster's lock; reading this set instead keeps the two orders from ever meeting.
     */
    private volatile java.util.Set<String> servedProjects = java.util.Set.of();
    private final AtomicBoolean readingDue = new AtomicBoolean();
    // Own thread: served projects are read one by one, off the publisher's thread (which holds its lock).
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-roster");
        t.setDaemon(true);
        return t;
    });

    public RosterService(Engine engine, EventHub hub, Checks checks, ConclaveConfig config) {
        this.projects = engine.projects();
        this.hub = hub;
        this.checks = checks;
        try {
            this.journal = new RosterJournal(config.dataDir());
            for (JsonNode e : journal.read()) {
                apply(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the roster journal does not read", e);
        }
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        hub.subscribe(0, e -> e.projectId() != null && servesProject(e.projectId()), e -> readSoon());
        readSoon();
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** A roster agent: its definition, and for each project it serves its open work there. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RosterAgent")
    public record AgentView(String agentId, ProjectSpec.AgentSpec definition, int maxOpenTasks, int openTasks,
                            double openHours, List<ProjectLoad> projects) {
    }

    /** A roster agent's own open work in one project, and the work elsewhere that project counted last. */
    public record ProjectLoad(String projectId, int openTasks, double openHours, int countedElsewhere) {
    }

    /** Registers {@code agentId} in the roster, or redefines it (and then in every project it serves). */
    public synchronized AgentView put(Caller caller, String agentId, ProjectSpec.AgentSpec body) {
        caller.mustOperate("register roster agents");
        Checks.id(agentId, "agent_id");
        ProjectSpec.AgentSpec given = Checks.present(body, "an agent { skill_levels, ... }");
        ProjectSpec.AgentSpec agent = new ProjectSpec.AgentSpec(Checks.fromPath(given.agentId(), agentId, "agent_id"),
                given.name(), given.occupation(), given.skillLevels(), given.preferences(), given.maxOpenTasks(),
                given.availability(), given.manager(), given.capabilities(), given.priority());
        List<Problem> problems = new ArrayList<>(ProjectValidator.checkMember(agent, List.of()));
        problems.removeIf(p -> p.path().startsWith("$.manager"));
        if (agent.manager() != null) {
            problems.add(new Problem("$.manager", "a roster agent has no manager: reporting lines are a project's"));
        }
        if (!problems.isEmpty()) {
            throw Checks.invalid(problems);
        }
        boolean known = agents.containsKey(agentId);
        for (String p : serves.getOrDefault(agentId, List.of())) {
            projects.get(p).command(new UpdateAgent(agentId, agent), caller.name(), s -> { });
        }
        ObjectNode e = Json.MAPPER.createObjectNode().put("type", known ? "agent_updated" : "agent_registered")
                .put("by", caller.name());
        e.set("agent", Json.MAPPER.valueToTree(agent));
        write(e);
        return view(agentId);
    }

    /**
     * Roster agent {@code agentId} joins project {@code projectId}: first the project is told the agent's open work in
     * the projects it serves already (journaled there, counted as it joins, so nothing is served past its capacity),
     * then the agent is registered there as the roster defines it.
     */
    public AgentView join(Caller caller, String agentId, String projectId) {
        caller.mustOperate("add roster agents to projects");
        Checks.id(agentId, "agent_id");
        Checks.id(projectId, "project_id");
        synchronized (this) {
            ProjectSpec.AgentSpec agent = agents.get(agentId);
            if (agent == null) {
                throw notFound(agentId);
            }
            if (serves.getOrDefault(agentId, List.of()).contains(projectId)) {
                throw new CommandException(CommandException.Kind.CONFLICT, "already_serving",
                        agentId + " serves project " + projectId + " already");
            }
            boolean taken = projects.get(projectId).read(s -> s.agents().stream()
                    .anyMatch(a -> a.getAgentId().equals(agentId)));
            if (taken) {
                throw new CommandException(CommandException.Kind.CONFLICT, "agent_exists", "project " + projectId
                        + " has an agent '" + agentId + "' of its own");
            }
            Map<String, RecordWorkElsewhere.Load> others = new TreeMap<>();
            int tasks = 0;
            double hours = 0;
            for (String p : serves.getOrDefault(agentId, List.of())) {
                ProjectLoad l = load(agentId, p);
                if (l != null) {
                    others.put(p, new RecordWorkElsewhere.Load(l.openTasks(), l.openHours()));
                    tasks += l.openTasks();
                    hours += l.openHours();
                }
            }
            if (tasks > 0 || hours > 0) {
                projects.get(projectId).command(new RecordWorkElsewhere(agentId, tasks, hours, others), ACTOR, s -> { });
            }
            projects.get(projectId).command(new RegisterAgent(agent), caller.name(), s -> {
                List<Problem> problems = ProjectValidator.checkMember(agent, s.agents());
                if (!problems.isEmpty()) {
                    throw Checks.invalid(problems);
                }
            });
            write(Json.MAPPER.createObjectNode().put("type", "agent_joined").put("agent_id", agentId)
                    .put("project_id", projectId).put("by", caller.name()));
        }
        readSoon();
        return view(agentId);
    }

    /** How many agents the roster has. */
    public synchronized int size() {
        return agents.size();
    }

    /** How many projects roster agents serve, summed over the agents. */
    public synchronized int memberships() {
        return serves.values().stream().mapToInt(List::size).sum();
    }

    /** Every roster agent, by id. */
    public List<AgentView> list(Caller caller) {
        caller.mustOperate("read the roster");
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(agents.keySet());
        }
        return ids.stream().map(this::view).toList();
    }

    public AgentView get(Caller caller, String agentId) {
        caller.mustOperate("read the roster");
        Checks.id(agentId, "agent_id");
        synchronized (this) {
            if (!agents.containsKey(agentId)) {
                throw notFound(agentId);
            }
        }
        return view(agentId);
    }

    private AgentView view(String agentId) {
        ProjectSpec.AgentSpec def;
        List<String> served;
        synchronized (this) {
            def = agents.get(agentId);
            served = List.copyOf(serves.getOrDefault(agentId, List.of()));
        }
        List<ProjectLoad> loads = new ArrayList<>();
        int tasks = 0;
        double hours = 0;
        for (String p : served) {
            ProjectLoad l = load(agentId, p);
            if (l != null) {
                loads.add(l);
                tasks += l.openTasks();
                hours += l.openHours();
            }
        }
        int max = def.maxOpenTasks() == null ? ProjectSpec.DEFAULT_MAX_OPEN_TASKS : def.maxOpenTasks();
        return new AgentView(agentId, def, max, tasks, hours, loads);
    }

    /** The agent's own open work in project {@code p} (what it holds there, less what the project counts elsewhere). */
    private ProjectLoad load(String agentId, String p) {
        if (!projects.exists(p)) {
            return null; // deleted, or served by another node
        }
        try {
            return projects.get(p).read(s -> {
                io.conclave.model.Agent a = s.agents().stream().filter(x -> x.getAgentId().equals(agentId)).findFirst()
                        .orElse(null);
                if (a == null) {
                    return null; // retired from the project
                }
                io.conclave.model.members.WorkElsewhere w = s.outputs(Outputs.WORK_ELSEWHERE).stream()
                        .filter(x -> x.getAgentId().equals(agentId)).findFirst().orElse(null);
                int elsewhere = w == null ? 0 : w.getOpenTasks();
                double elsewhereHours = w == null ? 0 : w.getOpenHours();
                return new ProjectLoad(p, a.getOpenTasks() - elsewhere, Math.max(0, a.getOpenHours() - elsewhereHours),
                        elsewhere);
            });
        } catch (CommandException gone) {
            return null;
        }
    }

    private boolean servesProject(String projectId) {
        return servedProjects.contains(projectId);
    }

    /** Reads and tells on the worker, once for any number of events that came meanwhile. */
    private void readSoon() {
        if (readingDue.compareAndSet(false, true)) {
            worker.execute(() -> {
                readingDue.set(false);
                try {
                    readAndTell();
                } catch (RuntimeException e) {
                    LOG.warnf("roster: reading the agents' work failed: %s", e.getMessage());
                }
            });
        }
    }

    /**
     * For every roster agent serving more than one project: its own work in each, then, for each project whose
     * count of the agent's work elsewhere differs from the sum of the others, a {@code work_elsewhere} command.
     */
    private void readAndTell() {
        Map<String, List<String>> now;
        synchronized (this) {
            now = new LinkedHashMap<>();
            serves.forEach((a, ps) -> now.put(a, List.copyOf(ps)));
        }
        for (Map.Entry<String, List<String>> e : now.entrySet()) {
            String agentId = e.getKey();
            Map<String, ProjectLoad> loads = new LinkedHashMap<>();
            for (String p : e.getValue()) {
                ProjectLoad l = load(agentId, p);
                if (l != null) {
                    loads.put(p, l);
                }
            }
            for (ProjectLoad here : loads.values()) {
                Map<String, RecordWorkElsewhere.Load> others = new TreeMap<>();
                int tasks = 0;
                double hours = 0;
                for (ProjectLoad other : loads.values()) {
                    if (!other.projectId().equals(here.projectId())) {
                        others.put(other.projectId(), new RecordWorkElsewhere.Load(other.openTasks(), other.openHours()));
                        tasks += other.openTasks();
                        hours += other.openHours();
                    }
                }
                if (tasks != here.countedElsewhere() || (tasks > 0 && !counted(agentId, here.projectId(), hours))) {
                    tell(here.projectId(), new RecordWorkElsewhere(agentId, tasks, hours, others));
                }
            }
        }
    }

    /** Whether project {@code p} counts {@code hours} of the agent's work elsewhere already. */
    private boolean counted(String agentId, String p, double hours) {
        return projects.get(p).read(s -> s.outputs(Outputs.WORK_ELSEWHERE).stream()
                .anyMatch(w -> w.getAgentId().equals(agentId) && Math.abs(w.getOpenHours() - hours) < 1e-9));
    }

    private void tell(String projectId, RecordWorkElsewhere reading) {
        try {
            projects.get(projectId).command(reading, ACTOR, s -> { });
        } catch (CommandException e) {
            LOG.warnf("roster: project %s did not take the reading of %s's work elsewhere: %s", projectId,
                    reading.agentId(), e.getMessage());
        }
    }

    private void write(ObjectNode entry) {
        try {
            journal.append(entry);
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "roster_unavailable",
                    "the roster's journal could not be written: " + e.getMessage());
        }
        apply(entry);
    }

    private synchronized void apply(JsonNode e) {
        switch (e.path("type").asText()) {
            case "agent_registered", "agent_updated" -> {
                ProjectSpec.AgentSpec a = Json.MAPPER.convertValue(e.get("agent"), ProjectSpec.AgentSpec.class);
                agents.put(a.agentId(), a);
            }
            case "agent_joined" -> {
                List<String> ps = serves.computeIfAbsent(e.path("agent_id").asText(), k -> new ArrayList<>());
                if (!ps.contains(e.path("project_id").asText())) {
                    ps.add(e.path("project_id").asText());
                }
                java.util.Set<String> all = new java.util.HashSet<>(servedProjects);
                all.add(e.path("project_id").asText());
                servedProjects = java.util.Set.copyOf(all);
            }
            default -> LOG.warnf("roster: an entry of unknown type is left out: %s", e);
        }
    }

    private static CommandException notFound(String agentId) {
        return new CommandException(CommandException.Kind.NOT_FOUND, "roster_agent_not_found",
                "the roster has no agent '" + agentId + "'");
    }
}
