package io.departure.gateway.stream;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.Executions;
import io.departure.gateway.execution.OpensExecution;
import io.departure.gateway.execution.QueryReader;
import io.departure.gateway.execution.View;
import io.departure.gateway.execution.Recorded;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.security.Authentication;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides, before a stream's response starts, which execution it presents: the one its
 * {@code Last-Event-ID} names (same query, still kept), or a new one. An event stream's status
 * and headers go out with its first byte, so this is settled here, where the store may still
 * be asked and a problem still be answered: a full store is a 503, a resume after the last
 * event a 204, which makes an EventSource stop reconnecting.
 */
class StreamOpening {

    /** Where the resource finds the decision. */
    static final String FOLLOWING = "departure.stream.following";

    /** The execution a connection presents, after which of its events, and whether anything is left. */
    record Following(String id, long after, boolean over) {
    }

    private final Executions executions;

    StreamOpening(Executions executions) {
        this.executions = executions;
    }

    @ServerRequestFilter
    @OpensExecution
    Uni<Response> open(RoutingContext routing) {
        ExecutionQuery asked;
        try {
            asked = QueryReader.parameters(routing.queryParams(), true, Authentication.subject(routing));
        } catch (ProblemException invalid) {
            // Answered here, on the same reading of the query that decides the execution.
            return Uni.createFrom().item(ProblemMapper.respond(invalid));
        }
        Recorded.EventId last = Recorded.EventId.parse(routing.request().getHeader("Last-Event-ID"));
        Uni<ExecutionStatus> resumed = last == null ? Uni.createFrom().nullItem() : executions.store().status(last.execution());
        return resumed.onItem().transformToUni(status -> {
            if (status != null && status.query().equals(asked)) {
                boolean over = !status.status().running() && last.sequence() >= status.history().size() - 1;
                return Uni.createFrom().item(new Following(status.id(), last.sequence(), over));
            }
            return executions.start(executions.onStreamTerms(asked, View.STREAM), null)
                    .map(created -> new Following(created.id(), -1, false));
        }).map(following -> {
            if (following.over()) {
                return Response.noContent().header(Executions.HEADER, following.id()).build();
            }
            routing.put(FOLLOWING, following);
            return (Response) null;
        }).onFailure(ProblemException.class).recoverWithItem(failure -> ProblemMapper.respond((ProblemException) failure));
    }
}
