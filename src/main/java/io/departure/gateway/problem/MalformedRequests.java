package io.departure.gateway.problem;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers with problems, before any route sees them, the requests the HTTP layer would refuse
 * with an empty body: a target that is not a URI (a malformed escape, a raw character a URI may
 * not hold: {@code 400}; see {@link UriCheck}), a request line over {@value #MAX_LINE} bytes
 * ({@code 414}), headers over {@value #MAX_HEADERS} bytes ({@code 431}). The HTTP server's own
 * limits ({@code quarkus.http.limits.*}) are set well above these, as a backstop. A request line
 * the HTTP decoder itself cannot split (a space or a control character in the target) is
 * refused there, before this.
 */
@ApplicationScoped
public class MalformedRequests {

    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 20 * 1024;
    private static final String URL_TEMPLATE = "UrlPathTemplate";
    /** Besides letters and digits, the characters {@link URI} takes anywhere in a path or a query. */
    private static final String PLAIN = "-_.!~*'()/?&=+:@$,;";

    private final ObjectMapper json;

    MalformedRequests(ObjectMapper json) {
        this.json = json;
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void managementRoutes(@Observes ManagementInterface management) {
        management.router().route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String uri = request.uri();
        // The check Quarkus's HTTP layer makes (see UriCheck), answered with a problem.
        try {
            if (!plain(uri)) {
                new URI(uri);
            }
        } catch (URISyntaxException | NullPointerException malformed) {
            refuse(routing, Problem.of("malformed-uri", "Malformed URI", 400, malformed instanceof URISyntaxException syntax
                    ? "the request target is not a valid URI: " + syntax.getReason() + " at index " + syntax.getIndex()
                    : "the request has no target"));
            return;
        }
        int line = request.method().name().length() + uri.length() + 10;
        if (line > MAX_LINE) {
            refuse(routing, Problem.of("uri-too-long", "URI too long", 414,
                    "the request line has " + line + " bytes; at most " + MAX_LINE + " are read"));
            return;
        }
        int headers = 0;
        for (var header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > MAX_HEADERS) {
            refuse(routing, Problem.of("headers-too-large", "Request header fields too large", 431,
                    "the headers have " + headers + " bytes; at most " + MAX_HEADERS + " are read"));
            return;
        }
        routing.next();
    }

    /**
     * An absolute path and query of the characters {@link URI} takes in both, escapes well
     * formed: a target {@link URI} parses, told without parsing it (most requests).
     */
    static boolean plain(String uri) {
        int length = uri == null ? 0 : uri.length();
        if (length == 0 || uri.charAt(0) != '/' || (length > 1 && uri.charAt(1) == '/')) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = uri.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PLAIN.indexOf(c) >= 0) {
                continue;
            }
            if (c != '%' || i + 2 >= length || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0
                    || uri.charAt(i + 1) > 'f' || uri.charAt(i + 2) > 'f') {
                return false;
            }
            i += 2;
        }
        return true;
    }

    private void refuse(RoutingContext routing, Problem problem) {
        // What metrics and traces name the request by (the key Quarkus's REST layer sets for its routes): not the
        // refused path, which would make one time series per hostile request.
        ((HttpServerRequestInternal) routing.request()).context().putLocal(URL_TEMPLATE, "/" + problem.type().substring(
                problem.type().lastIndexOf(':') + 1));
        routing.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(ProblemMapper.encode(json, problem));
    }
}
