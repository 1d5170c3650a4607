package io.departure.gateway.async;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.OpensEvents;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.security.Authentication;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a 404 problem for the events of an unknown execution (or, with authentication, another
 * subject's) before the event stream starts: once it has, its status is sent and only events can
 * follow.
 */
public class EventsOpening {

    private static final String PREFIX = "/departures/";
    private static final String SUFFIX = "/events";

    private final ExecutionStore store;

    EventsOpening(ExecutionStore store) {
        this.store = store;
    }

    @ServerRequestFilter
    @OpensEvents
    public Uni<Response> open(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!opens(request)) {
            return Uni.createFrom().nullItem();
        }
        String path = request.path();
        String id = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        String caller = Authentication.subject(routing);
        return store.status(id).map(status -> status != null && status.query().visibleTo(caller) ? null
                : ProblemMapper.respond(DepartureExecutionsResource.notFound(id)));
    }

    /** Whether the request follows an execution's events. */
    public static boolean opens(HttpServerRequest request) {
        String path = request.path();
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()
                && "GET".equals(request.method().name());
    }
}
