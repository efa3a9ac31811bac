package io.conclave.model.command;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

import io.conclave.model.Bid;
import io.conclave.model.Problem;

/**
 * An agent's answer to a call for proposals (contract net): a {@code cost} (and a {@code confidence}
 * from 0 to 1), or {@code decline: true}. Whether the bid is taken and who wins is the rules' to say.
 */
public record PlaceBid(
        @SafeId(optional = true) String taskId,
        @SafeId String agentId,
        @PositiveOrZero(message = "must be 0 or more, was ${validatedValue}") Double cost,
        @DecimalMin(value = "0", message = "must be between 0 and 1, was ${validatedValue}")
        @DecimalMax(value = "1", message = "must be between 0 and 1, was ${validatedValue}") Double confidence,
        Boolean decline) implements ProjectCommand, Checked {
    public static final String TYPE = "bid";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String agent() {
        return agentId;
    }

    public boolean declines() {
        return Boolean.TRUE.equals(decline);
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> problems = new ArrayList<>();
        if (declines()) {
            if (cost != null) {
                problems.add(new Problem("$.cost", "must not be given with decline: true"));
            }
            if (confidence != null) {
                problems.add(new Problem("$.confidence", "must not be given with decline: true"));
            }
        } else if (cost == null) {
            problems.add(new Problem("$.cost", "is required (or decline: true)"));
        }
        return problems;
    }

    /** The fact the contract-net rules decide on. */
    public Bid toFact() {
        return new Bid(taskId, agentId, cost, confidence, declines());
    }
}
