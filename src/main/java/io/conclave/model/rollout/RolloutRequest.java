package io.conclave.model.rollout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.conclave.model.Problem;
import io.conclave.model.command.Checked;

/**
 * A canary roll-out of a policy version: the projects that try it first (a {@code share} of them, each project
 * placed by a stable hash of its id, or a list of {@code projects}: exactly one of the two), how long it must
 * stay healthy before it may be promoted ({@code window_minutes}, 60 when absent; 0: as soon as no guard trips),
 * the {@code guards} that roll it back by themselves, and a note.
 */
public record RolloutRequest(
        @DecimalMin(value = "0", inclusive = false, message = SHARE)
        @DecimalMax(value = "1", message = SHARE)
        Double share,
        @Size(max = 1000, message = "names {max} projects at most") List<String> projects,
        @Min(value = 0, message = WINDOW) @Max(value = 43_200, message = WINDOW) Integer windowMinutes,
        @Valid Guards guards,
        @Size(max = 500, message = "is {max} characters at most") String note) implements Checked {
    static final String SHARE = "must be more than 0 and at most 1: the share of the projects that try the version";
    static final String WINDOW = "must be 0 to 43200 minutes (30 days)";
    /** How long a roll-out must stay healthy before it may be promoted, when the request does not say. */
    public static final int DEFAULT_WINDOW_MINUTES = 60;

    public RolloutRequest {
        guards = guards == null ? Guards.DEFAULTS : guards;
    }

    /** The window in minutes, the default when not given. */
    public int window() {
        return windowMinutes == null ? DEFAULT_WINDOW_MINUTES : windowMinutes;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> out = new ArrayList<>();
        if (share == null && projects == null) {
            out.add(new Problem("$.share", "give a share of the projects (0 < share <= 1) or a list of projects"));
        } else if (share != null && projects != null) {
            out.add(new Problem("$.projects", "give a share or a list of projects, not both"));
        }
        if (projects != null) {
            if (projects.isEmpty()) {
                out.add(new Problem("$.projects", "names no project: list at least one"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < projects.size(); i++) {
                String id = projects.get(i);
                if (id == null || id.isBlank()) {
                    out.add(new Problem("$.projects[" + i + "]", "must be a project id"));
                } else if (!seen.add(id)) {
                    out.add(new Problem("$.projects[" + i + "]", "is listed twice"));
                }
            }
        }
        return out;
    }

    /**
     * What a canary project may do beyond what it did before it joined, each a budget of 0 or more:
     * UNASSIGNABLE tasks more than when it joined ({@code unassignable_tasks}, default 0), commands the rules or
     * the state refused ({@code refused_commands}, default 0), decisions the version the other projects run would
     * not have made on the same history ({@code differing_decisions}; checked only when given: a version is rolled
     * out because it decides differently), runs that ended FAILED ({@code failed_runs}, default 0).
     */
    public record Guards(
            @Min(value = 0, message = BUDGET) @Max(value = 1_000_000, message = BUDGET) Integer unassignableTasks,
            @Min(value = 0, message = BUDGET) @Max(value = 1_000_000, message = BUDGET) Integer refusedCommands,
            @Min(value = 0, message = BUDGET) @Max(value = 1_000_000, message = BUDGET) Integer differingDecisions,
            @Min(value = 0, message = BUDGET) @Max(value = 1_000_000, message = BUDGET) Integer failedRuns) {
        static final String BUDGET = "must be a budget of 0 to 1000000";
        /** Every guard at its default. */
        public static final Guards DEFAULTS = new Guards(null, null, null, null);

        /** The budgets with the defaults filled in; the differing decisions stay null (not checked) unless given. */
        public Guards resolved() {
            return new Guards(unassignableTasks == null ? 0 : unassignableTasks,
                    refusedCommands == null ? 0 : refusedCommands, differingDecisions,
                    failedRuns == null ? 0 : failedRuns);
        }
    }
}
