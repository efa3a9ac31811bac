package io.conclave.app.observe;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.conclave.engine.owner.JournaledRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.conclave.app.ConclaveConfig;

/**
 * OpenTelemetry spans of commands, one per command any owner handled: named by owner kind and command type,
 * tagged with the owner, the outcome, the rule firings, the policy version and the chapters whose rules
 * fired. Off unless an OTLP/HTTP endpoint is configured ({@code conclave.tracing.otlp-endpoint}); spans are
 * exported in batches, never on the command's path. (OpenTelemetry's SDK used directly: Quarkus' extension
 * does not resolve for this platform version here; see docs/operations.md#tracing.)
 */
@ApplicationScoped
public class Tracing {
    private static final Logger LOG = Logger.getLogger(Tracing.class);
    static final AttributeKey<String> OWNER_KIND = AttributeKey.stringKey("conclave.owner.kind");
    static final AttributeKey<String> OWNER_ID = AttributeKey.stringKey("conclave.owner.id");
    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("conclave.command");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("conclave.outcome");
    static final AttributeKey<Long> FIRINGS = AttributeKey.longKey("conclave.rule.firings");
    static final AttributeKey<String> POLICY = AttributeKey.stringKey("conclave.policy.version");
    static final AttributeKey<java.util.List<String>> CHAPTERS = AttributeKey.stringArrayKey("conclave.rule.chapters");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    @Inject
    public Tracing(ConclaveConfig config) {
        this(config.tracing().otlpEndpoint().map(e -> (SpanExporter) OtlpHttpSpanExporter.builder().setEndpoint(e)
                .build()).orElse(null));
        config.tracing().otlpEndpoint().ifPresent(e -> LOG.infof("command spans are exported to %s", e));
    }

    /** Spans go to {@code exporter}; none when it is null. */
    Tracing(SpanExporter exporter) {
        if (exporter == null) {
            provider = null;
            tracer = null;
            return;
        }
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "conclave"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(1, TimeUnit.SECONDS).build())
                .build();
        tracer = provider.get("io.conclave");
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The span of one command, back-dated to when it started. */
    public void commandDone(JournaledRuntime.Done done) {
        if (tracer == null) {
            return;
        }
        long end = TimeUnit.MILLISECONDS.toNanos(done.endMillis());
        Span span = tracer.spanBuilder(done.kind() + " " + done.type()).setStartTimestamp(end - done.nanos(),
                TimeUnit.NANOSECONDS).setAttribute(OWNER_KIND, done.kind()).setAttribute(OWNER_ID, done.id())
                .setAttribute(COMMAND, done.type()).setAttribute(OUTCOME, done.outcome())
                .setAttribute(FIRINGS, done.firings())
                .setAttribute(CHAPTERS, java.util.List.copyOf(done.chapters()))
                .startSpan();
        if (done.policyVersion() != null) {
            span.setAttribute(POLICY, done.policyVersion());
        }
        if (!"accepted".equals(done.outcome())) {
            span.setStatus("failed".equals(done.outcome()) ? StatusCode.ERROR : StatusCode.UNSET, done.outcome());
        }
        span.end(end, TimeUnit.NANOSECONDS);
    }

    /** Sends what is batched (the tests wait for it). */
    public void flush() {
        if (provider != null) {
            provider.forceFlush().join(10, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
