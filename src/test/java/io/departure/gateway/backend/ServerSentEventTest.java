package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/** Reading a backend's event stream: each event with its own id, which a reopened stream resumes after. */
class ServerSentEventTest {

    @Test
    void anEventCarriesTheIdItWasSentWithAndOnlyThatEvent() {
        ServerSentEvent.Parser parser = new ServerSentEvent.Parser(1024);
        List<ServerSentEvent> events = parser.feed(Buffer.buffer(
                ": subscription s\n\nid: 1\nevent: flight\ndata: {\"a\":1}\n\nevent: flight\ndata: {\"a\":2}\n\nid: 3\nevent: fli"));
        assertThat(events).containsExactly(new ServerSentEvent("flight", "{\"a\":1}", "1"), new ServerSentEvent("flight", "{\"a\":2}", null));
        assertThat(parser.feed(Buffer.buffer("ght\ndata: {\"a\":3}\n\n"))).containsExactly(new ServerSentEvent("flight", "{\"a\":3}", "3"));
    }
}
