package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Occupancy;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.run.RunState;

/** How the CEO's interrupts and the oversight triggers are answered in words (execution/oversight*.drl). */
public final class OversightWording {
    private OversightWording() {
    }

    /** "the project has no run" or "run run-1 is PAUSED (paused by ceo)": why a run interrupt does not apply. */
    public static String runWords(List<? extends RunState> runs) {
        if (runs.isEmpty()) {
            return "the project has no run";
        }
        RunState r = runs.get(0);
        return "run " + r.getRunId() + " is " + r.getStatus() + (r.getReason() == null ? "" : " (" + r.getReason() + ")");
    }

    /**
     * The snapshot a status interrupt reports: task counts by status, the run, and the tasks in progress
     * (not decomposed ones) with the agents holding them, tasks in load order, holders by id. A mutable map:
     * the rule adds the interrupt's id.
     */
    public static Map<String, Object> statusSnapshot(List<? extends Task> tasks, List<? extends RunState> runs,
                                                     List<? extends Occupancy> held) {
        Map<String, Integer> byStatus = new TreeMap<>();
        List<Map<String, Object>> inProgress = new ArrayList<>();
        for (Task t : byLoadOrder(tasks)) {
            byStatus.merge(t.getStatus().name(), 1, Integer::sum);
            if (t.getStatus() == TaskStatus.IN_PROGRESS && !t.isDecomposed()) {
                List<String> holders = new ArrayList<>();
                for (Occupancy h : held) {
                    if (h.getTaskId().equals(t.getTaskId())) {
                        holders.add(h.getAgentId());
                    }
                }
                holders.sort(null);
                Map<String, Object> entry = new TreeMap<>();
                entry.put("task_id", t.getTaskId());
                entry.put("holders", holders);
                inProgress.add(entry);
            }
        }
        Map<String, Object> run = new TreeMap<>();
        if (!runs.isEmpty()) {
            RunState r = runs.get(0);
            run.put("run_id", r.getRunId());
            run.put("mode", r.getMode());
            run.put("status", r.getStatus().name());
            if (r.getReason() != null) {
                run.put("reason", r.getReason());
            }
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("tasks_total", tasks.size());
        out.put("tasks_by_status", byStatus);
        out.put("run", run);
        out.put("in_progress", inProgress);
        return out;
    }

    /** The ids of tasks in load order, for refusals that list them. */
    public static List<String> idsInLoadOrder(List<? extends Task> tasks) {
        return byLoadOrder(tasks).stream().map(Task::getTaskId).toList();
    }

    /** Why a trigger did not pause the run: a run other than incremental takes no human input, or it is paused already. */
    public static String notPaused(RunState run) {
        if (!run.isIncremental()) {
            return "a " + run.getMode() + " run takes no human input, so it goes on";
        }
        return "the run is already " + run.getStatus();
    }

    private static List<Task> byLoadOrder(List<? extends Task> tasks) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparingInt(Task::getLoadOrder));
        return sorted;
    }
}
