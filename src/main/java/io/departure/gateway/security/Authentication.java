package io.departure.gateway.security;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.warmup.WarmUp;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code departure.auth.mode=jwt}, every endpoint marked {@link Protected} (the departure
 * views) needs a valid bearer token: a missing or bad one gets a {@code 401} problem before
 * anything starts, and the token's subject is kept on the request, so that an execution is read
 * and cancelled only by the subject that started it. Health, metrics and the rest stay open.
 * With {@code none} it costs nothing.
 */
public class Authentication {

    /** Where the caller's subject is kept on the request. */
    static final String SUBJECT = "departure.subject";

    private final AuthConfig config;
    private final CurrentIdentityAssociation identities;
    private final WarmUp warmUp;

    Authentication(AuthConfig config, CurrentIdentityAssociation identities, WarmUp warmUp) {
        this.config = config;
        this.warmUp = warmUp;
        this.identities = identities;
    }

    /** The subject of the request's token, or null when authentication is off. */
    public static String subject(RoutingContext routing) {
        return routing.get(SUBJECT);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    @Protected
    public void authenticate(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (config.mode() == AuthConfig.Mode.NONE || warmUp.admitted(routing)) {
            return;
        }
        request.suspend();
        identities.getDeferredIdentity().subscribe().with(identity -> {
            if (identity.isAnonymous()) {
                request.abortWith(unauthorized("a bearer token is required"));
            } else {
                routing.put(SUBJECT, identity.getPrincipal().getName());
            }
            request.resume();
        }, failure -> {
            request.abortWith(unauthorized("the bearer token is not valid"));
            request.resume();
        });
    }

    private static Response unauthorized(String detail) {
        Response problem = ProblemMapper.respond(new ProblemException(Problem.of("unauthorized", "Unauthorized", 401, detail), null));
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
