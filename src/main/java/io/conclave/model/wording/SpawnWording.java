package io.conclave.model.wording;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.run.MeetingOutcome;
import io.conclave.model.run.SpawnCandidate;

/** How spawned tasks are recorded (execution/spawning.drl, spawned_tasks.drl). */
public final class SpawnWording {
    private SpawnWording() {
    }

    /** Dropped candidates as {proposal_id, title}, in the order given. */
    public static List<Map<String, Object>> spawnDropped(List<? extends SpawnCandidate> sorted) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SpawnCandidate c : sorted) {
            Map<String, Object> line = new TreeMap<>();
            line.put("proposal_id", c.getItem().getProposalId());
            line.put("title", c.getItem().getTitle());
            out.add(line);
        }
        return out;
    }

    /** Where a spawned task comes from: 'spawned from proposal p "title" by ann, accepted in meeting task m'. */
    public static String spawnOrigin(Task task, MeetingOutcome.Item item) {
        return "spawned from proposal " + item.getProposalId() + " \"" + task.getDescription() + "\""
                + (item.getProposer() == null ? "" : " by " + item.getProposer()) + ", accepted in meeting task "
                + task.getSpawnedBy();
    }

    /** The SPAWNED decision: where the task came from, what it needs and where each value came from (the proposal's hints or the defaults). */
    public static Decision spawnDecision(Task task, MeetingOutcome.Item item, Task meeting) {
        boolean hinted = !item.getSkills().isEmpty();
        Map<String, Object> details = new TreeMap<>();
        details.put("spawned_by", meeting.getTaskId());
        details.put("proposal_id", item.getProposalId());
        details.put("depth", task.getSpawnDepth());
        details.put("required_skills", task.getRequiredSkills());
        details.put("skills_from", hinted ? "proposal" : "meeting task");
        details.put("estimated_hours", task.getEstimatedHours());
        details.put("hours_from", item.getHours() != null ? "proposal" : "default");
        if (item.getTaskType() != null) {
            details.put("task_type", item.getTaskType());
        }
        if (!item.getHintProblems().isEmpty()) {
            details.put("ignored_hints", item.getHintProblems());
        }
        Map<String, Double> skills = task.getRequiredSkills();
        return Decision.note(DecisionKind.SPAWNED, task.getTaskId(),
                item.getProposer() == null ? List.of() : List.of(item.getProposer()),
                spawnOrigin(task, item) + ": " + (skills.isEmpty() ? "no required skills" : "skills " + skills)
                        + (hinted ? " (hinted)" : " (the meeting task's)") + ", " + task.getEstimatedHours() + " h"
                        + (item.getHours() != null ? " (hinted)" : " (default)") + ", depth " + task.getSpawnDepth()
                        + (item.getHintProblems().isEmpty() ? "" : "; ignored hints: " + item.getHintProblems()))
                .withDetails(details);
    }
}
