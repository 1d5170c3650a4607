package io.departure.gateway.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The caller's W3C trace context, passed on unchanged to every backend call made for its request,
 * while OpenTelemetry is off ({@code quarkus.otel.sdk.disabled}, the default: with no collector
 * to send spans to, recording them costs a fifth of the gateway's throughput and shows nothing).
 * The gateway then takes no part in the trace, as the W3C recommendation asks of a hop that
 * records nothing: the backends see the caller's {@code traceparent} and {@code tracestate}, with
 * its sampling decision, and the request's log lines carry its {@code traceId}. With
 * OpenTelemetry on, its instrumentation does all of this and adds the gateway's own spans.
 */
@ApplicationScoped
public class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    /** The longest {@code tracestate} passed on (the recommendation asks that at least 512 characters be). */
    static final int MAX_TRACESTATE = 8192;
    private static final String LOCAL = TraceContext.class.getName();

    /** A valid caller's trace context, kept on its request's Vert.x context. */
    record Caller(String traceparent, String tracestate) {
    }

    private final boolean passThrough;

    TraceContext(@ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean openTelemetryOff) {
        this.passThrough = openTelemetryOff;
    }

    void routes(@Observes Router router) {
        if (passThrough) {
            router.route().order(Integer.MIN_VALUE + 1).handler(this::read);
        }
    }

    private void read(RoutingContext routing) {
        MultiMap headers = routing.request().headers();
        String traceparent = headers.get(TRACEPARENT);
        if (traceparent != null && valid(traceparent)) {
            String tracestate = headers.get(TRACESTATE);
            Context context = Vertx.currentContext();
            // The request's own (duplicated) context, which its MDC lives on too: never a thread's.
            if (isRequests(context)) {
                context.putLocal(LOCAL, new Caller(traceparent,
                        tracestate == null || tracestate.length() > MAX_TRACESTATE ? null : tracestate));
                MDC.put("traceId", traceparent.substring(3, 35));
                MDC.put("parentId", traceparent.substring(36, 52));
                MDC.put("sampled", Boolean.toString((Character.digit(traceparent.charAt(54), 16) & 1) == 1));
            }
        }
        routing.next();
    }

    /**
     * Adds the trace context of the request this call is made for, if its caller sent one. A call
     * made on no request's context (an execution taken over from a stopped replica, a
     * compensation on a worker) has none.
     */
    public static RequestOptions propagate(RequestOptions options) {
        Context context = Vertx.currentContext();
        Object caller = isRequests(context) ? context.getLocal(LOCAL) : null;
        if (caller instanceof Caller c) {
            options.putHeader(TRACEPARENT, c.traceparent());
            if (c.tracestate() != null) {
                options.putHeader(TRACESTATE, c.tracestate());
            }
        }
        return options;
    }

    /** A request's (duplicated) context: the only kind whose locals Quarkus lets be read or written. */
    private static boolean isRequests(Context context) {
        return context instanceof ContextInternal internal && internal.isDuplicate();
    }

    /**
     * A {@code traceparent} the recommendation says to pass on: version {@code 00} exactly, or a
     * later version's first four fields (version {@code ff} is invalid), lower-case hex, neither
     * the trace id nor the parent id all zeros.
     */
    static boolean valid(String value) {
        if (value.length() < 55 || (value.length() > 55 && (value.startsWith("00") || value.charAt(55) != '-'))) {
            return false;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-' || value.startsWith("ff")) {
            return false;
        }
        return hex(value, 0, 2) && hex(value, 3, 35) && hex(value, 36, 52) && hex(value, 53, 55)
                && !zeros(value, 3, 35) && !zeros(value, 36, 52);
    }

    private static boolean hex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
