package io.conclave.engine.project;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import io.conclave.journal.CommandCodec;
import io.conclave.model.CommandException;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ServiceEvent;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.policy.PolicySource;

/**
 * All projects of this service, each with its own session and journal under
 * {@code <data>/projects/<project_id>/}. A policy activation moves every project to the new version,
 * one at a time, between two of its commands.
 */
public final class ProjectRegistry extends OwnerRegistry<ProjectRuntime> {
    private final JournaledRuntime.Setting setting;
    private final RunDriver.Factory drivers;

    /** A registry whose projects cannot run simulations (tests of rules and journals). */
    public ProjectRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock) {
        this(dataDir, policies, maxFirings, wallClock, e -> { });
    }

    public ProjectRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                           Consumer<ServiceEvent> events) {
        this(dataDir, new JournaledRuntime.Setting(policies, maxFirings, wallClock, events), NO_RUNS);
    }

    /** {@code drivers} drive simulated runs (the simulator); events go where {@code setting} says. */
    public ProjectRegistry(Path dataDir, JournaledRuntime.Setting setting, RunDriver.Factory drivers) {
        super("project", dataDir, setting.wallClock(), CommandCodec.PROJECT, (id, folder, journals) -> ProjectRuntime.recover(id,
                journals.open(CommandCodec.PROJECT, id, folder), setting, drivers));
        this.setting = setting;
        this.drivers = drivers;
    }

    /** A factory for registries without simulations: starting a run is refused. */
    public static final RunDriver.Factory NO_RUNS = (session, runId, request) -> {
        throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_simulator",
                "this service runs no simulations");
    };

    /** Creates a project from a validated definition; 409 when the id is taken. */
    public ProjectRuntime create(ProjectSpec spec, String actor) {
        return create(spec.projectId(), folder -> ProjectRuntime.create(spec, actor,
                journals().open(CommandCodec.PROJECT, spec.projectId(), folder), setting, drivers));
    }
}
