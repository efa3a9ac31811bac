package io.conclave.api.events;

import java.util.Set;

import io.conclave.app.access.TokenService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.conclave.app.ConclaveConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;

/**
 * How the service's Server-Sent Events streams behave. A stream starts with a comment line, so its
 * response headers (and those first bytes) go out as soon as it is opened, not with the first event;
 * every {@code conclave.events.heartbeat-millis} it gets another comment line, so proxies keep an idle
 * stream open and clients notice a dead one; events carry their id, their name and their data as JSON
 * (the resource declares the element type, so frames have no content-type line). A stream closed by its
 * client cancels its subscription. The open streams are counted by the gauge {@code conclave.sse.subscribers}.
 */
@ApplicationScoped
public class SseStreams {
    /** The {@code stream} tag of the stream of every event ({@code GET /api/events}). */
    static final String EVENTS = "events";
    /** The {@code stream} tag of the agents' inbox streams. */
    public static final String INBOX = "inbox";

    private final long heartbeatMillis;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** The open streams of each token: closed when the token is revoked. */
    private final Map<String, Set<Runnable>> byToken = new ConcurrentHashMap<>();

    public SseStreams(ConclaveConfig config, MeterRegistry meters, TokenService tokens) {
        this.heartbeatMillis = config.events().heartbeatMillis();
        tokens.onRevoke(tokenId -> {
            Set<Runnable> closers = byToken.remove(tokenId);
            if (closers != null) {
                closers.forEach(Runnable::run);
            }
        });
        for (String stream : new String[] {EVENTS, INBOX}) {
            Gauge.builder("conclave.sse.subscribers", open.computeIfAbsent(stream, s -> new AtomicInteger()),
                    AtomicInteger::get).tag("stream", stream).description("Open Server-Sent Events streams")
                    .register(meters);
        }
    }

    /**
     * A stream named {@code name}: {@code subscribe} starts feeding the given consumer and returns what stops
     * it, which runs when the client goes away.
     */
    public Multi<OutboundSseEvent> stream(String name, Sse sse, String tokenId,
                                   Function<Consumer<OutboundSseEvent>, Runnable> subscribe) {
        AtomicInteger count = open.computeIfAbsent(name, s -> new AtomicInteger());
        OutboundSseEvent revoked = sse.newEventBuilder().comment("token revoked").build();
        Multi<OutboundSseEvent> events = Multi.createFrom().emitter(emitter -> {
            // RESTEasy subscribes only once it has written the headers, so a client may already hold them and have
            // acted: a stream that must miss nothing after its request starts from a position taken at the request
            // (the events' last id, EventResource; the inbox hands over the agent's open items first)
            Runnable unsubscribe = subscribe.apply(emitter::emit);
            Runnable close = () -> {
                emitter.emit(revoked);
                emitter.complete();
            };
            if (tokenId != null) {
                byToken.computeIfAbsent(tokenId, t -> ConcurrentHashMap.newKeySet()).add(close);
            }
            emitter.onTermination(() -> {
                unsubscribe.run();
                // a revocation took the token's set out before closing its streams: nothing left to remove then
                Set<Runnable> closers = tokenId == null ? null : byToken.get(tokenId);
                if (closers != null) {
                    closers.remove(close);
                }
            });
            emitter.emit(sse.newEventBuilder().comment("conclave " + name + " stream").build());
        });
        if (heartbeatMillis > 0) {
            Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks()
                    .startingAfter(Duration.ofMillis(heartbeatMillis)).every(Duration.ofMillis(heartbeatMillis))
                    .onOverflow().drop().map(tick -> sse.newEventBuilder().comment("heartbeat").build());
            events = Multi.createBy().merging().streams(events, heartbeats);
        }
        // a revoked token's stream ends at once, heartbeats and all
        return events.select().first(e -> e != revoked).onSubscription().invoke(count::incrementAndGet)
                .onTermination().invoke(count::decrementAndGet);
    }

    /** One event of a stream: its id, its name, and {@code data} written as JSON. */
    public static OutboundSseEvent event(Sse sse, long id, String name, Object data) {
        return sse.newEventBuilder().id(Long.toString(id)).name(name).data(data.getClass(), data).build();
    }

    public static OutboundSseEvent event(Sse sse, String id, String name, Object data) {
        return sse.newEventBuilder().id(id).name(name).data(data.getClass(), data).build();
    }
}
