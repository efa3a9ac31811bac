package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.conclave.model.Problem;
import io.conclave.model.conflict.ConflictCommand;

/**
 * An agent proposes an option in a goal conflict, with a rationale; the first proposal opens the
 * conflict and may name its topic and parties (at least two agents). The goal-conflict rules accept,
 * refuse and resolve.
 */
public record ProposeConflictOption(
        @SafeId(optional = true) String conflictId,
        @SafeId String agentId,
        @NotNull(message = "is required")
        @Pattern(regexp = ".*\\S.*", flags = Pattern.Flag.DOTALL, message = "must not be blank")
        @Size(max = 500, message = "is {max} characters at most") String option,
        @Pattern(regexp = ".*\\S.*", flags = Pattern.Flag.DOTALL, message = "must not be blank")
        @Size(max = 2000, message = "is {max} characters at most") String rationale,
        @Pattern(regexp = ".*\\S.*", flags = Pattern.Flag.DOTALL, message = "must not be blank")
        @Size(max = 200, message = "is {max} characters at most") String topic,
        List<@SafeId String> parties) implements ProjectCommand, Checked {
    public static final String TYPE = "conflict_proposal";

    public ProposeConflictOption {
        parties = parties == null ? List.of() : parties;
        option = option == null ? null : option.strip();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        if (parties.size() == 1) {
            problems.add(new Problem("$.parties", "a conflict is between at least 2 agents, not 1"));
        }
        for (int i = 0; i < parties.size(); i++) {
            if (parties.indexOf(parties.get(i)) < i) {
                problems.add(new Problem("$.parties[" + i + "]", "'" + parties.get(i) + "' is listed twice"));
            }
        }
        return problems;
    }

    /** The fact the goal-conflict rules decide on. */
    public ConflictCommand toFact() {
        return ConflictCommand.propose(conflictId, agentId, option, rationale, topic, parties);
    }
}
