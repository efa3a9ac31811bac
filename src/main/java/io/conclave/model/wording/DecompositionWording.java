package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.List;


import io.conclave.model.Task;
import io.conclave.model.TaskStatus;

/** How a decomposed task's subtasks are listed and their results put together (workflow/decomposition.drl). */
public final class DecompositionWording {
    private DecompositionWording() {
    }

    /** The subtasks of a parent in the order its {@code subtasks} list names them. */
    public static List<Task> subtasksInOrder(Task parent, List<? extends Task> kids) {
        List<Task> out = new ArrayList<>();
        for (String id : parent.getSubtaskIds()) {
            for (Task k : kids) {
                if (k.getTaskId().equals(id)) {
                    out.add(k);
                }
            }
        }
        return out;
    }


    /** "b FAILED" for each subtask, in subtask order, that did not complete. */
    public static List<String> gaveUp(Task parent, List<? extends Task> kids) {
        List<String> out = new ArrayList<>();
        for (Task k : subtasksInOrder(parent, kids)) {
            if (k.getStatus() != TaskStatus.COMPLETED) {
                out.add(k.getTaskId() + " " + k.getStatus());
            }
        }
        return out;
    }
}
