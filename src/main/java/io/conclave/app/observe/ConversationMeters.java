package io.conclave.app.observe;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.EventHub;
import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.ServiceEvent;
import io.conclave.model.conversation.ConversationMetrics;
import io.conclave.model.conversation.TurnTally;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The conversation design's success metrics on {@code /q/metrics}: the response latency of every turn answered (a
 * timer fed by the {@code TURN_ANSWERED} events), and, over the conversations held, the turns granted, answered and
 * open, the task completion rate (answered / granted) and the agent utilisation (members of a role granted turns
 * that answered at least one, over all of them). The gauges read each conversation's kept summary (a sleeping
 * conversation is not rebuilt), at most once a second.
 */
@ApplicationScoped
public class ConversationMeters {
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final Engine engine;
    private long[] totals = new long[5];
    private long countedAt;

    public ConversationMeters(Engine engine, EventHub hub, MeterRegistry meters, ConclaveConfig config) {
        this.engine = engine;
        Timer.Builder b = Timer.builder("conclave.conversation.response.latency")
                .description("From a turn granted in a conversation to its agent's answer (the journaled times)");
        if (config.metrics().histograms()) {
            b.serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
                    Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(30));
        }
        Timer latency = b.register(meters);
        hub.subscribe(0, e -> !e.fromOtherNode() && "TURN_ANSWERED".equals(e.type()),
                e -> latency.record(Duration.ofMillis(latencyMillis(e))));
        turns(meters, "granted", 0);
        turns(meters, "answered", 1);
        turns(meters, "open", 2);
        Gauge.builder("conclave.conversation.task.completion.rate", () -> share(1, 0))
                .description("Turns answered over turns granted, in the conversations held (NaN before any turn)")
                .register(meters);
        Gauge.builder("conclave.conversation.agent.utilisation", () -> share(3, 4))
                .description("Members of a role granted turns that answered at least one, over all of them, in the "
                        + "conversations held (NaN without any)")
                .register(meters);
    }

    /** An answer's latency: read from the answer its publisher holds (no data built for it), or from its data. */
    private static long latencyMillis(ServiceEvent e) {
        return e.subject() instanceof TurnTally.Answer a ? a.latencyMillis() : e.data().path("latency_millis").asLong();
    }

    /** Makes CDI create this bean at start, so the latency of the first answer is counted. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        // the constructor did the work
    }

    private void turns(MeterRegistry meters, String state, int index) {
        Gauge.builder("conclave.conversation.turns", () -> totals()[index]).tag("state", state)
                .description("Turns of the conversations held: granted, answered by their agent, still open")
                .register(meters);
    }

    private double share(int part, int whole) {
        long[] t = totals();
        return t[whole] == 0 ? Double.NaN : (double) t[part] / t[whole];
    }

    /** Granted, answered, open, agents working, agents eligible: summed over the conversations held. */
    private synchronized long[] totals() {
        long now = System.nanoTime();
        if (countedAt == 0 || now - countedAt > FRESH_NANOS) {
            long[] counted = new long[5];
            for (ConversationRuntime c : engine.conversations().all()) {
                try {
                    ConversationMetrics m = c.summary().metrics();
                    counted[0] += m.turnsGranted();
                    counted[1] += m.turnsAnswered();
                    counted[2] += m.turnsOpen();
                    counted[3] += m.agentsWorking();
                    counted[4] += m.agentsEligible();
                } catch (RuntimeException closedMeanwhile) {
                    // a conversation deleted while it was counted counts no more
                }
            }
            totals = counted;
            countedAt = now;
        }
        return totals;
    }
}
