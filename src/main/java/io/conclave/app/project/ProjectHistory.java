package io.conclave.app.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.Decision;
import io.conclave.app.access.Caller;

/**
 * A project's history as its journal holds it: every accepted command (who sent it, when, under which policy
 * version) with the decisions the rules made while applying it, as Temporal's event history shows a workflow's.
 * Filters keep the entries whose own fields or whose decisions match (a decision kind, an agent as the sender or
 * among a decision's agents, words of a rule's name), and of those the matching decisions; pages go by entry.
 */
@ApplicationScoped
public class ProjectHistory {
    private final ProjectService projects;

    public ProjectHistory(ProjectService projects) {
        this.projects = projects;
    }

    /** One decision as the history lists it. */
    public record Step(long seq, String kind, String taskId, List<String> agentIds, String rule, String reason) {
    }

    /** One journal entry and the decisions it caused. */
    public record Entry(long seq, String type, String actor, String policyVersion, Instant recordedAt,
                        List<Step> decisions) {
    }

    /** What to keep: a decision kind, an agent, words of a rule's name (each optional, compared ignoring case). */
    public record Filter(String kind, String agentId, String rule) {
        /** True when nothing is filtered: every entry is kept. */
        boolean keepsAll() {
            return blank(kind) && blank(agentId) && blank(rule);
        }

        boolean keeps(Decision d) {
            return (blank(kind) || d.getKind().name().equalsIgnoreCase(kind.strip()))
                    && (blank(agentId) || d.getAgentIds().contains(agentId.strip()))
                    && (blank(rule) || d.getRule() != null
                        && d.getRule().toLowerCase(Locale.ROOT).contains(rule.strip().toLowerCase(Locale.ROOT)));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /**
     * The entries after {@code after} (by seq), at most {@code limit}, oldest first. With a filter, an entry is kept
     * when one of its decisions matches it, or, filtering by agent alone, when that agent sent it.
     */
    public List<Entry> of(Caller caller, String projectId, Filter filter, long after, int limit) {
        return projects.runtime(caller, projectId).history((entries, session) -> {
            Map<Long, List<Step>> caused = new LinkedHashMap<>();
            for (Decision d : session.ledger()) {
                if (filter.keeps(d)) {
                    caused.computeIfAbsent(d.getCommandSeq(), k -> new ArrayList<>()).add(new Step(d.getSeq(),
                            d.getKind().name(), d.getTaskId(), d.getAgentIds(), d.getRule(), d.getReason()));
                }
            }
            boolean byAgentOnly = filter.kind() == null || filter.kind().isBlank();
            byAgentOnly &= filter.rule() == null || filter.rule().isBlank();
            List<Entry> out = new ArrayList<>();
            for (var e : entries) {
                if (e.seq() <= after) {
                    continue;
                }
                List<Step> steps = caused.getOrDefault(e.seq(), List.of());
                boolean sent = byAgentOnly && filter.agentId() != null && filter.agentId().strip().equals(e.actor());
                if (filter.keepsAll() || !steps.isEmpty() || sent) {
                    out.add(new Entry(e.seq(), e.type(), e.actor(), e.policyVersion(), e.recordedAt(), steps));
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
            return out;
        });
    }
}
