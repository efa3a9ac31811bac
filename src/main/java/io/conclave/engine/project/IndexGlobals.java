package io.conclave.engine.project;

import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

import io.conclave.model.Agent;
import io.conclave.model.AgentIndex;
import io.conclave.model.Task;
import io.conclave.model.TaskIndex;

/**
 * Keeps the DRL globals {@code tasks} and {@code agents} of a project session: its tasks and agents by id
 * ({@link TaskIndex}, {@link AgentIndex}), followed as facts are inserted and deleted, so a rule that handles a
 * command naming a task or an agent reads it there instead of joining every one. Every project session needs
 * them once its policy declares them.
 */
public final class IndexGlobals implements RuleRuntimeEventListener {
    /** The globals' names in the DRL. */
    public static final String TASKS = "tasks";
    public static final String AGENTS = "agents";

    private final TaskIndex tasks = new TaskIndex();
    private final AgentIndex agents = new AgentIndex();

    private IndexGlobals() {
    }

    /**
     * Sets the globals on a new session (before any fact is inserted) and keeps them; a global the session's
     * policy does not declare (a policy written before it) is left out.
     */
    public static void install(KieSession session) {
        IndexGlobals globals = new IndexGlobals();
        boolean any = false;
        if (declares(session, TASKS)) {
            session.setGlobal(TASKS, globals.tasks);
            any = true;
        }
        if (declares(session, AGENTS)) {
            session.setGlobal(AGENTS, globals.agents);
            any = true;
        }
        if (any) {
            session.addEventListener(globals);
        }
    }

    private static boolean declares(KieSession session, String name) {
        return session.getKieBase().getKiePackages().stream()
                .anyMatch(pkg -> pkg.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)));
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof Task t) {
            tasks.add(t);
        } else if (event.getObject() instanceof Agent a) {
            agents.add(a);
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (event.getOldObject() instanceof Task t) {
            tasks.remove(t);
        } else if (event.getOldObject() instanceof Agent a) {
            agents.remove(a);
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // an id never changes: the indexes hold the same objects
    }
}
