package io.departure.gateway.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where request failures become RFC 9457 problem responses. Nothing a client or
 * a backend does reaches the catch-all; it exists so that a bug still answers in the same shape.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** Names the execution a failed answer belongs to. */
    public static final String EXECUTION_HEADER = "Departure-Execution";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e);
    }

    /** The response of a designed failure: its status, its problem, and its headers. */
    public static Response respond(ProblemException e) {
        Response.ResponseBuilder response = respond(e.problem());
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        if (e.execution() != null) {
            response.header(EXECUTION_HEADER, e.execution());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(Problem.of("http-" + status, title, status, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return respond(Problem.of("internal", "Internal error", 500, "the gateway failed unexpectedly")).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
