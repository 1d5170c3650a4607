package io.departure.gateway.async;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.OpensEvents;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.security.Authentication;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a 404 problem for the events of an unknown execution (or, with authentication, another
 * subject's) before the event stream starts: once it has, its status is sent and only events can
 * follow.
 */
class EventsOpening {

    private final ExecutionStore store;

    EventsOpening(ExecutionStore store) {
        this.store = store;
    }

    @ServerRequestFilter
    @OpensEvents
    Uni<Response> open(UriInfo uri, RoutingContext routing) {
        String id = uri.getPathParameters().getFirst("id");
        String caller = Authentication.subject(routing);
        return store.status(id).map(status -> status != null && status.query().visibleTo(caller) ? null
                : ProblemMapper.respond(DepartureExecutionsResource.notFound(id)));
    }
}
