package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import jakarta.ws.rs.sse.OutboundSseEvent;

import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * A stream opened just as the gateway begins to shut down is told to reconnect and closed, once,
 * whichever comes first: it never stays open to hold the shutdown up. Shutdown is made to begin
 * while the stream is being registered among the open ones, on either side of it.
 */
class EventStreamsTest {

    @Test
    void aStreamOpenedAsShutdownBeginsIsToldToReconnectOnce() throws Exception {
        for (boolean shutdownFirst : new boolean[] { true, false }) {
            EventStreams streams = new EventStreams(defaults());
            shutdownWhileRegistering(streams, shutdownFirst);

            assertToldToReconnectOnce(open(streams));
            assertThat(openSessions(streams)).as("open streams, shutdown begun first: " + shutdownFirst).isEmpty();
        }
    }

    @Test
    void aStreamOpenedAfterShutdownBeganIsRefused() throws Exception {
        EventStreams streams = new EventStreams(defaults());
        streams.draining(new ShutdownDelayInitiatedEvent());

        assertToldToReconnectOnce(open(streams));
        assertThat(openSessions(streams)).isEmpty();
    }

    private static AssertSubscriber<OutboundSseEvent> open(EventStreams streams) {
        return streams.open(SseImpl.INSTANCE, Multi.createFrom().nothing(), () -> {
        }).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private static void assertToldToReconnectOnce(AssertSubscriber<OutboundSseEvent> client) {
        client.assertCompleted();
        assertThat(client.getItems()).filteredOn(event -> "reconnect".equals(event.getName()))
                .singleElement().satisfies(event -> assertThat(event.getData()).isEqualTo(Map.of("reason", "shutdown")));
    }

    /** The streams it holds open, to tell them to reconnect when shutdown begins. */
    @SuppressWarnings("unchecked")
    private static Set<Object> openSessions(EventStreams streams) throws Exception {
        return (Set<Object>) openField().get(streams);
    }

    private static Field openField() throws NoSuchFieldException {
        Field field = EventStreams.class.getDeclaredField("open");
        field.setAccessible(true);
        return field;
    }

    /** Shutdown begins as the next stream is registered, {@code first} before it is among the open ones, else just after. */
    private static void shutdownWhileRegistering(EventStreams streams, boolean first) throws Exception {
        Set<Object> open = new CopyOnWriteArraySet<>(openSessions(streams)) {
            private boolean begun;

            @Override
            public boolean add(Object session) {
                if (begun) {
                    return super.add(session);
                }
                begun = true;
                if (first) {
                    streams.draining(new ShutdownDelayInitiatedEvent());
                    return super.add(session);
                }
                boolean added = super.add(session);
                streams.draining(new ShutdownDelayInitiatedEvent());
                return added;
            }
        };
        openField().set(streams, open);
    }

    private static StreamConfig defaults() {
        return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(StreamConfig.class).withValidateUnknown(false).build().getConfigMapping(StreamConfig.class);
    }
}
