package io.conclave.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.journal.ProjectJournal;
import io.conclave.model.ServiceEvent;
import io.conclave.model.ProjectSpec;

/**
 * All projects of this service, each with its own session and journal under
 * {@code <data>/projects/<project_id>/}. Different projects run commands in parallel; a policy
 * activation moves every project to the new version, one at a time, between two of its commands.
 */
public final class ProjectRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProjectRegistry.class);

    private final Path dataDir;
    private final PolicySource policies;
    private final int maxFirings;
    private final Clock wallClock;
    private final Consumer<ServiceEvent> events;
    private final ConcurrentSkipListMap<String, ProjectRuntime> projects = new ConcurrentSkipListMap<>();
    private final ExecutorService switcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "conclave-policy-switch");
        t.setDaemon(true);
        return t;
    });

    public ProjectRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock) {
        this(dataDir, policies, maxFirings, wallClock, e -> { });
    }

    /** {@code events} receives every task event after its command was journaled. */
    public ProjectRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                           Consumer<ServiceEvent> events) {
        this.events = events;
        this.dataDir = dataDir;
        this.policies = policies;
        this.maxFirings = maxFirings;
        this.wallClock = wallClock;
    }

    /**
     * Replays every journal found under the data folder, each command under the policy version it ran
     * under, then moves each project to the active policy. A project whose journal fails is logged and skipped.
     */
    public void recoverAll() throws IOException {
        Path root = dataDir.resolve("projects");
        for (String id : ProjectJournal.owners(root)) {
            Path dir = root.resolve(id);
            ProjectJournal journal = new ProjectJournal(dir);
            try {
                ProjectRuntime rt = ProjectRuntime.recover(id, journal, policies, maxFirings, wallClock, events);
                projects.put(id, rt);
                // The policy activated at start-up fired before this project existed again: a journal
                // replayed under an older version is moved to the active one here (journaled as a switch).
                rt.catchUpWithActivePolicy();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "project %s could not be recovered from %s", id, dir);
            }
        }
        LOG.infof("recovered %d project(s) from %s", projects.size(), root);
    }

    /** Creates a project from a validated definition; 409 when the id is taken. */
    public synchronized ProjectRuntime create(ProjectSpec spec, JsonNode definition, String actor) {
        if (projects.containsKey(spec.projectId()) || Files.exists(folder(spec.projectId()))) {
            throw new EngineException(EngineException.Kind.CONFLICT, "project_exists",
                    "project '" + spec.projectId() + "' already exists");
        }
        ProjectRuntime rt = ProjectRuntime.create(spec, definition, actor, new ProjectJournal(folder(spec.projectId())),
                policies, maxFirings, wallClock, events);
        projects.put(spec.projectId(), rt);
        rt.announceCreation();
        // a policy activated while this project was being created did not see it in the map
        rt.catchUpWithActivePolicy();
        return rt;
    }

    public ProjectRuntime get(String projectId) {
        ProjectRuntime rt = projectId == null ? null : projects.get(projectId);
        if (rt == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "project_not_found",
                    "no project '" + projectId + "'");
        }
        return rt;
    }

    public boolean exists(String projectId) {
        return projects.containsKey(projectId);
    }

    public List<ProjectRuntime> all() {
        return List.copyOf(projects.values());
    }

    /** Removes a project; its folder is moved to {@code <data>/deleted/} rather than erased. */
    public synchronized void delete(String projectId) throws IOException {
        ProjectRuntime rt = get(projectId);
        projects.remove(projectId);
        rt.close();
        Path trash = dataDir.resolve("deleted").resolve(projectId + "." + wallClock.millis());
        Files.createDirectories(trash.getParent());
        Files.move(folder(projectId), trash, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves every project to the active policy, in the background: the activation (a PUT, a reload,
     * the watcher) does not wait behind a project busy with a long command. A project that receives a
     * command first catches up itself, before that command, so no command runs under an old version.
     */
    public void switchAll(Policy policy) {
        switcher.execute(() -> {
            for (ProjectRuntime rt : projects.values()) {
                try {
                    rt.catchUpWithActivePolicy();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "project %s could not move to policy %s", rt.projectId(), policy.version());
                }
            }
        });
    }

    /** Lets every project whose call for proposals passed its bid deadline act on it. Called periodically. */
    public void tickAll() {
        for (ProjectRuntime rt : projects.values()) {
            try {
                rt.tickIfDue();
            } catch (RuntimeException e) {
                LOG.errorf("project %s: bid deadline not applied: %s", rt.projectId(), e.getMessage());
            }
        }
    }

    private Path folder(String projectId) {
        return dataDir.resolve("projects").resolve(projectId);
    }

    @Override
    public void close() {
        switcher.shutdownNow();
        for (ProjectRuntime rt : projects.values()) {
            try {
                rt.close();
            } catch (IOException e) {
                LOG.warnf("closing project %s: %s", rt.projectId(), e.getMessage());
            }
        }
        projects.clear();
    }
}
