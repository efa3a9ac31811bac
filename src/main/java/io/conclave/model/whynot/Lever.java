package io.conclave.model.whynot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A fact a why-not search may change to make a decision go another way, with the values it may take, in the order
 * the search tries them (each further from the fact as it was). {@code kind} names what sort of fact it is (skill,
 * capacity, preference, dependency, suggestion, topic, capability, priority, role, vote) and {@code rank} where that
 * kind stands in the order of changes (lower: a smaller change). {@code target} is what the fact belongs to (an
 * agent, a message, a task), {@code fact} which fact of it (a skill's name, a topic, a proposal); {@code from} its
 * value as it was (null: absent). Levers of one {@code family} are changed together (the search never mixes
 * families); of one {@code group}, at most one at a time.
 */
public record Lever(String key, String kind, int rank, @JsonIgnore String family, @JsonIgnore String group,
                    String target, String fact, Object from, List<Step> steps) {
    public Lever {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a lever needs at least one step: " + key);
        }
    }

    /** One value a lever may take and how far it is from the value as it was (in the kind's own units). */
    public record Step(Object to, double magnitude) {
    }
}
