package io.conclave.model.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Fact;
import io.conclave.model.Problem;

/**
 * The project's {@code ceo_oversight} block as the trigger rules (oversight_triggers.drl) read it:
 * {@code enabled} (default true when the block is present), {@code interrupt_triggers}
 * (milestone_completion, task_failure), {@code review_frequency} (daily, weekly, monthly, never) and
 * Conclave's {@code milestones} (task ids; without it every meeting task is a milestone). A project
 * without the block has oversight disabled.
 */
public final class OversightSettings implements Fact {
    public static final List<String> TRIGGERS = List.of("milestone_completion", "task_failure");
    public static final List<String> FREQUENCIES = List.of("daily", "weekly", "monthly", "never");

    /**
     * The block as a project file writes it: its fields and their JSON types (the project schema and the check
     * for unknown fields read it); {@link #check} judges the values.
     */
    public record Block(Boolean enabled, List<String> interruptTriggers, String reviewFrequency, List<String> milestones) {
    }

    private final boolean enabled;
    private final List<String> triggers;
    private final String reviewFrequency;
    private final List<String> milestones;

    public OversightSettings(boolean enabled, List<String> triggers, String reviewFrequency, List<String> milestones) {
        this.enabled = enabled;
        this.triggers = List.copyOf(triggers);
        this.reviewFrequency = reviewFrequency;
        this.milestones = milestones == null ? null : List.copyOf(milestones);
    }

    /** The settings of a (validated) block; values it does not know are left out rather than failing a replay. */
    public static OversightSettings of(JsonNode block) {
        if (block == null || !block.isObject()) {
            return new OversightSettings(false, List.of(), "never", null);
        }
        List<String> triggers = new ArrayList<>();
        block.path("interrupt_triggers").forEach(t -> {
            if (TRIGGERS.contains(t.asText()) && !triggers.contains(t.asText())) {
                triggers.add(t.asText());
            }
        });
        String frequency = block.path("review_frequency").asText("never");
        List<String> milestones = null;
        if (block.path("milestones").isArray()) {
            milestones = new ArrayList<>();
            for (JsonNode m : block.path("milestones")) {
                milestones.add(m.asText());
            }
        }
        return new OversightSettings(block.path("enabled").asBoolean(true), triggers,
                FREQUENCIES.contains(frequency) ? frequency : "never", milestones);
    }

    /** Every problem of a {@code ceo_oversight} block, with its path under {@code $.ceo_oversight}. */
    public static void check(JsonNode block, Set<String> taskIds, List<Problem> problems) {
        String at = "$.ceo_oversight";
        if (block == null || block.isNull()) {
            return;
        }
        if (!block.isObject()) {
            problems.add(new Problem(at, "must be an object { enabled, interrupt_triggers, review_frequency, milestones }"));
            return;
        }
        JsonNode enabled = block.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            problems.add(new Problem(at + ".enabled", "must be true or false, not " + enabled));
        }
        names(block.get("interrupt_triggers"), at + ".interrupt_triggers", TRIGGERS, problems);
        JsonNode f = block.get("review_frequency");
        if (f != null && !f.isNull() && !(f.isTextual() && FREQUENCIES.contains(f.asText()))) {
            problems.add(new Problem(at + ".review_frequency", "unknown frequency " + f + ": use one of " + FREQUENCIES));
        }
        JsonNode m = block.get("milestones");
        if (m != null && !m.isNull()) {
            if (!m.isArray()) {
                problems.add(new Problem(at + ".milestones", "must be an array of task ids"));
                return;
            }
            for (int i = 0; i < m.size(); i++) {
                if (!m.get(i).isTextual() || !taskIds.contains(m.get(i).asText())) {
                    problems.add(new Problem(at + ".milestones[" + i + "]", "unknown task id " + m.get(i)));
                }
            }
        }
    }

    private static void names(JsonNode v, String at, List<String> known, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            problems.add(new Problem(at, "must be an array of trigger names: " + known));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || !known.contains(v.get(i).asText())) {
                problems.add(new Problem(at + "[" + i + "]", "unknown trigger " + v.get(i) + ": use one of " + known));
            }
        }
    }

    public boolean isEnabled() { return enabled; }
    public List<String> getTriggers() { return triggers; }
    public String getReviewFrequency() { return reviewFrequency; }
    /** The milestones the file names; null when it names none (then every meeting task is one). */
    public List<String> getMilestones() { return milestones; }
    public boolean isOnMilestones() { return enabled && triggers.contains("milestone_completion"); }
    public boolean isOnFailures() { return enabled && triggers.contains("task_failure"); }

    @Override
    public String factKey() {
        return "";
    }

    @Override
    public String describe() {
        return "ceo oversight [" + (enabled ? "enabled" : "disabled") + ", triggers " + triggers + ", review "
                + reviewFrequency + (milestones == null ? ", meeting tasks are milestones" : ", milestones " + milestones) + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}
