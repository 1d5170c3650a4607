package io.departure.gateway.deploy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/**
 * Which path of an Ingress a request path takes, by the Ingress API's rules: {@code Exact} is the
 * whole path; {@code Prefix} matches whole path elements ({@code /departure} matches
 * {@code /departure/stream}, not {@code /departures}), a trailing slash ignored; the longest
 * matching path wins, and Exact before Prefix when they are as long.
 */
final class IngressPaths {

    private IngressPaths() {
    }

    static Optional<HTTPIngressPath> route(Ingress ingress, String host, String path) {
        return ingress.getSpec().getRules().stream()
                .filter(rule -> rule.getHost() == null || rule.getHost().equals(host))
                .map(IngressRule::getHttp).flatMap(http -> http.getPaths().stream())
                .filter(candidate -> matches(candidate, path))
                .max(Comparator.<HTTPIngressPath>comparingInt(candidate -> candidate.getPath().length())
                        .thenComparing(candidate -> candidate.getPathType().equals("Exact")));
    }

    static boolean matches(HTTPIngressPath candidate, String path) {
        return switch (candidate.getPathType()) {
            case "Exact" -> candidate.getPath().equals(path);
            case "Prefix" -> {
                List<String> prefix = elements(candidate.getPath());
                List<String> elements = elements(path);
                yield elements.size() >= prefix.size() && elements.subList(0, prefix.size()).equals(prefix);
            }
            default -> throw new IllegalArgumentException(candidate.getPathType() + " paths mean what the controller decides");
        };
    }

    private static List<String> elements(String path) {
        return Arrays.stream(path.split("/")).filter(element -> !element.isEmpty()).toList();
    }
}
