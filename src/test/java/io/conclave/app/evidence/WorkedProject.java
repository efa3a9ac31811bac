package io.conclave.app.evidence;

import static io.conclave.api.ProjectJson.agent;
import static io.conclave.api.ProjectJson.project;
import static io.conclave.api.ProjectJson.task;

/**
 * The project the evidence tests export once its agents worked it: ann has skill x, bob skill y; t1 needs x, t2 needs
 * y after t1, t3 needs x after t2. Worked by {@link #REPORTS}, its journal is, by hand: entry 1 the creation (t1
 * assigned to ann, the only agent with x), 2 ann starts t1, 3 ann completes t1 (t2 ready, assigned to bob, the only
 * one with y), 4 bob starts t2, 5 bob completes t2 (t3 assigned to ann). Five entries: the signed head is entry 5.
 */
public final class WorkedProject {
    /** The reports after the creation, in order: task, agent, start or complete. */
    public static final String[][] REPORTS = {{"t1", "ann", "start"}, {"t1", "ann", "complete"},
            {"t2", "bob", "start"}, {"t2", "bob", "complete"}};

    private WorkedProject() {
    }

    /** The project's definition under {@code id}. */
    public static String json(String id) {
        return project(id).title("evidence").agent(agent("ann").skill("x", 5), agent("bob").skill("y", 5))
                .task(task("t1").hours(1).needs("x", 5), task("t2").hours(1).needs("y", 5).after("t1"),
                        task("t3").hours(1).needs("x", 5).after("t2"))
                .json();
    }
}
