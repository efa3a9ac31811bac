package io.conclave.engine;

import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

import io.conclave.model.Task;
import io.conclave.model.TaskIndex;

/**
 * Keeps the DRL global {@code tasks} of a project session: the session's tasks by id ({@link TaskIndex}), followed
 * as tasks are inserted and deleted, so a rule that handles a command naming a task reads it there instead of
 * joining every task. Every project session needs it once its policy declares the global.
 */
public final class TaskGlobal implements RuleRuntimeEventListener {
    /** The global's name in the DRL. */
    public static final String NAME = "tasks";

    private final TaskIndex index = new TaskIndex();

    private TaskGlobal() {
    }

    /**
     * Sets the global on a new session (before any fact is inserted) and keeps it; nothing when the session's
     * policy does not declare it (a policy written before it).
     */
    public static void install(KieSession session) {
        boolean declared = session.getKieBase().getKiePackages().stream()
                .anyMatch(pkg -> pkg.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(NAME)));
        if (declared) {
            TaskGlobal global = new TaskGlobal();
            session.addEventListener(global);
            session.setGlobal(NAME, global.index);
        }
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof Task t) {
            index.add(t);
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (event.getOldObject() instanceof Task t) {
            index.remove(t);
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // a task's id never changes: the index holds the same object
    }
}
