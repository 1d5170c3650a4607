package io.departure.gateway.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document. Extension members: {@code errors} lists every bad field of a
 * rejected request; {@code parts} tells how each step of a failed departure went.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, Map<String, ?> parts) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(type(slug), title, status, detail, null, null);
    }

    public Problem withParts(Map<String, ?> parts) {
        return new Problem(type, title, status, detail, errors, parts);
    }

    static String type(String slug) {
        return "urn:departure-gateway:problem:" + slug;
    }
}
