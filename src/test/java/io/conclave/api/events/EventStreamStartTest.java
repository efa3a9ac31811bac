package io.conclave.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;

import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import io.conclave.api.security.CurrentCaller;
import io.conclave.api.security.TokenIdentities;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.EventAccess;
import io.conclave.app.EventHub;
import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenService;
import io.conclave.model.ServiceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.ws.rs.sse.OutboundSseEvent;

/**
 * A stream opened without Last-Event-ID starts at its request, not at its subscription. RESTEasy Reactive (3.37)
 * writes an event stream's headers first and subscribes to the stream only once that write completed, so a client can
 * hold the headers, act, and have its act's events published before the subscription: they must still reach it. The
 * resource is built by hand here so the subscription can come later than the request, as it may over HTTP.
 */
public class EventStreamStartTest {

    @Test
    void anEventPublishedBetweenTheRequestAndTheSubscriptionIsDelivered() {
        EventHub hub = new EventHub(100);
        hub.publish(event("before"));
        EventResource resource = resource(hub);

        var stream = resource.stream(null, null, null, null, SseImpl.INSTANCE); // the request: headers go out
        hub.publish(event("between"));                                         // the client acts
        AssertSubscriber<OutboundSseEvent> client = stream.subscribe().withSubscriber(AssertSubscriber.create(10));
        hub.publish(event("after"));

        // the event published since the request (handed over at the subscription, before the stream's opening
        // comment, as a reconnection's missed events are), then the live one; not the one before the request
        assertEquals(List.of("between", "(comment)", "after"), client.getItems().stream()
                .map(e -> e.getName() == null ? "(comment)" : e.getName()).toList());
        client.cancel();
    }

    @Test
    void aClientResumingWithLastEventIdGetsWhatFollowsItsId() {
        EventHub hub = new EventHub(100);
        hub.publish(event("first"));
        long seen = hub.lastId();
        hub.publish(event("second"));
        EventResource resource = resource(hub);

        var stream = resource.stream(null, null, null, Long.toString(seen), SseImpl.INSTANCE);
        AssertSubscriber<OutboundSseEvent> client = stream.subscribe().withSubscriber(AssertSubscriber.create(10));

        assertEquals(List.of("second", "(comment)"), client.getItems().stream()
                .map(e -> e.getName() == null ? "(comment)" : e.getName()).toList());
        client.cancel();
    }

    private static ServiceEvent event(String type) {
        return ServiceEvent.task(type, Instant.parse("2024-01-15T09:00:00Z"), "p", null, "ops", null);
    }

    /** The resource with its collaborators: an admin caller (who sees every event, no engine asked), no heartbeats. */
    private static EventResource resource(EventHub hub) {
        ConclaveConfig config = settings(ConclaveConfig.class);
        SseStreams streams = new SseStreams(config, new SimpleMeterRegistry(), new TokenService(config));
        Caller admin = Caller.service("test");
        CurrentCaller caller = new CurrentCaller(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("test"))
                .addAttribute(TokenIdentities.CALLER, admin).addRole(admin.role()).build());
        return new EventResource(hub, streams, new EventAccess(null), caller);
    }

    /** A settings interface answering 0, false or another such interface: heartbeats off. */
    @SuppressWarnings("unchecked")
    private static <T> T settings(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (r.isInterface()) {
                return settings(r);
            }
            if (r == long.class || r == int.class) {
                return r == long.class ? (Object) 0L : (Object) 0;
            }
            if (r == boolean.class) {
                return false;
            }
            return method.getName().equals("toString") ? "settings" : null;
        });
    }
}
