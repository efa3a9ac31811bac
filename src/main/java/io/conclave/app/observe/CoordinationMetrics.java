package io.conclave.app.observe;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.conclave.app.EventHub;
import io.conclave.app.roster.RosterService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * What the coordination rules decide between agents, as meters: the conflicts detected and resolved, shared
 * resources granted and denied, windows given, parties asked to propose, contracts awarded, tasks spawned, readings
 * of roster agents' work elsewhere ({@code conclave_coordination_decisions_total{kind}}, each kind registered at
 * start so a scrape shows it at 0), and the organisation roster ({@code conclave_roster_agents},
 * {@code conclave_roster_memberships}). Counters follow the event stream; gauges read the roster when scraped.
 */
@ApplicationScoped
public class CoordinationMetrics {
    /** The events counted, by the decision kind they publish. */
    static final List<String> KINDS = List.of("CONFLICT_DETECTED", "CONFLICT_RESOLVED", "RESOURCE_GRANTED",
            "RESOURCE_DENIED", "EXECUTION_WINDOW", "CONFLICT_PROPOSAL_REQUESTED", "CONTRACT_AWARDED", "TASK_SPAWNED",
            "AGENT_WORK_ELSEWHERE");

    public CoordinationMetrics(EventHub hub, MeterRegistry meters, RosterService roster) {
        Map<String, Counter> counters = new TreeMap<>();
        for (String kind : KINDS) {
            counters.put(kind, Counter.builder("conclave.coordination.decisions").tag("kind", kind)
                    .description("Coordination decisions between agents, by the event they are published as")
                    .register(meters));
        }
        hub.subscribe(0, e -> !e.fromOtherNode() && counters.containsKey(e.type()), e -> counters.get(e.type()).increment());
        Gauge.builder("conclave.roster.agents", roster::size)
                .description("Agents of the organisation roster").register(meters);
        Gauge.builder("conclave.roster.memberships", roster::memberships)
                .description("Projects served by roster agents, summed over the agents").register(meters);
    }

    /** Makes CDI create this bean at start, so its meters are there from the first scrape. */
    void onStart(@Observes @Priority(6) StartupEvent event) {
        // the constructor did the work
    }
}
