package io.conclave.engine.project;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

import io.conclave.model.Agent;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;

/**
 * The tasks and agents of a project session by id and in definition order, kept as facts come and go
 * (a rule may add a task), so that looking one up is not a walk and a sort of working memory; and the
 * tasks that are ASSIGNED now (a simulated run starts them), kept as tasks are updated. A task's id and
 * load order never change. Changed by one writer at a time (the session's owner); read by many readers at once,
 * so the orders sorted on first reading are built under this index's lock.
 */
public final class FactIndex implements RuleRuntimeEventListener {
    private static final Comparator<Task> TASK_ORDER = Comparator.comparingInt(Task::getLoadOrder)
            .thenComparing(Task::getTaskId);
    private static final Comparator<Agent> AGENT_ORDER = Comparator.comparingInt(Agent::getLoadOrder)
            .thenComparing(Agent::getAgentId);

    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, Agent> agents = new HashMap<>();
    private final Set<Task> assigned = new LinkedHashSet<>();
    private List<Task> taskOrder;
    private List<Agent> agentOrder;

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof Task t) {
            tasks.put(t.getTaskId(), t);
            taskOrder = null;
            status(t);
        } else if (event.getObject() instanceof Agent a) {
            agents.put(a.getAgentId(), a);
            agentOrder = null;
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (event.getOldObject() instanceof Task t && tasks.get(t.getTaskId()) == t) {
            tasks.remove(t.getTaskId());
            taskOrder = null;
            assigned.remove(t);
        } else if (event.getOldObject() instanceof Agent a && agents.get(a.getAgentId()) == a) {
            agents.remove(a.getAgentId());
            agentOrder = null;
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        if (event.getObject() instanceof Task t && tasks.get(t.getTaskId()) == t) {
            status(t);
        }
    }

    private void status(Task t) {
        if (t.getStatus() == TaskStatus.ASSIGNED) {
            assigned.add(t);
        } else {
            assigned.remove(t);
        }
    }

    /** The tasks that are ASSIGNED now, in no particular order (a copy). */
    List<Task> assigned() {
        return new ArrayList<>(assigned);
    }

    Task task(String taskId) {
        return tasks.get(taskId);
    }

    Agent agent(String agentId) {
        return agents.get(agentId);
    }

    /** The tasks in definition order: an unmodifiable list, sorted again only after a task came or went. */
    synchronized List<Task> tasks() {
        if (taskOrder == null) {
            List<Task> out = new ArrayList<>(tasks.values());
            out.sort(TASK_ORDER);
            taskOrder = Collections.unmodifiableList(out);
        }
        return taskOrder;
    }

    /** The agents in definition order, the same way. */
    synchronized List<Agent> agents() {
        if (agentOrder == null) {
            List<Agent> out = new ArrayList<>(agents.values());
            out.sort(AGENT_ORDER);
            agentOrder = Collections.unmodifiableList(out);
        }
        return agentOrder;
    }
}
