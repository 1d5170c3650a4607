package io.departure.gateway.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /**
     * The body of a problem that a Vert.x route answers before the REST layer sees the request
     * (malformed requests, shed load), encoded by the application's JSON mapper as this mapper's are.
     */
    public static String encode(ObjectMapper json, Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + problem, e);
        }
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
