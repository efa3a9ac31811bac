package io.conclave.app.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.conclave.app.ConclaveConfig;

/**
 * The meters of the commands of every owner, on {@code /q/metrics}: {@code conclave_commands_seconds}
 * (count and latency by owner kind, command type and outcome) and {@code conclave_command_firings} (the
 * rule firings each command caused, by owner kind and command type). The journaled runtime calls
 * {@link #commandDone} once per command it handled, whatever became of it.
 */
@ApplicationScoped
public class CommandMetrics {
    private final MeterRegistry meters;
    private final boolean histograms;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, DistributionSummary> firings = new ConcurrentHashMap<>();

    private record Key(String ownerKind, String type, String outcome) {
    }

    public CommandMetrics(MeterRegistry meters, ConclaveConfig config) {
        this.meters = meters;
        this.histograms = config.metrics().histograms();
    }

    /**
     * One command handled. {@code ownerKind}: project, meeting or conversation; {@code type}: the command's
     * journal type (a small fixed set: it becomes a tag); {@code outcome}: what became of it, e.g. accepted
     * (journaled), refused (the rules said no: 409), invalid (400), rolled_back (a runaway rule); {@code nanos}:
     * wall time from taking the owner's lock to the answer; {@code firings}: rule firings it caused.
     */
    public void commandDone(String ownerKind, String type, String outcome, long nanos, long firings) {
        timers.computeIfAbsent(new Key(ownerKind, type, outcome), this::timer).record(Duration.ofNanos(nanos));
        this.firings.computeIfAbsent(new Key(ownerKind, type, null), this::firings).record(firings);
    }

    private Timer timer(Key k) {
        Timer.Builder b = Timer.builder("conclave.commands").tag("owner_kind", k.ownerKind()).tag("type", k.type())
                .tag("outcome", k.outcome()).description("Commands handled, with their latency");
        if (histograms) {
            b.serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                    Duration.ofSeconds(5), Duration.ofSeconds(10));
        }
        return b.register(meters);
    }

    private DistributionSummary firings(Key k) {
        DistributionSummary.Builder b = DistributionSummary.builder("conclave.command.firings")
                .tag("owner_kind", k.ownerKind()).tag("type", k.type()).description("Rule firings per command");
        if (histograms) {
            b.serviceLevelObjectives(1, 10, 100, 1_000, 10_000, 100_000, 500_000);
        }
        return b.register(meters);
    }
}
