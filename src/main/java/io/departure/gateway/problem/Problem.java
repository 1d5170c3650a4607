package io.departure.gateway.problem;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document. Extension members: {@code errors} lists every bad field of a
 * rejected request; {@code parts} tells how each step of a failed departure went.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An RFC 9457 problem document")
public record Problem(
        @Schema(required = true, description = "What kind of problem: urn:departure-gateway:problem:<slug>",
                example = "urn:departure-gateway:problem:timeout") String type,
        @Schema(required = true, description = "A short summary of the kind", example = "Out of time") String title,
        @Schema(required = true, description = "The HTTP status", example = "504") int status,
        @Schema(description = "What happened this time") String detail,
        @Schema(description = "Every bad field of a rejected request (invalid-request)") List<FieldError> errors,
        @Schema(description = "How each step of a failed departure went, by step name (each as in a departure's parts)")
                Map<String, ?> parts) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    @Schema(description = "One bad field of a rejected request")
    public record FieldError(@Schema(required = true, description = "The parameter or body field", example = "date") String field,
            @Schema(required = true, description = "What is wrong with it") String message) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(type(slug), title, status, detail, null, null);
    }

    /**
     * The gateway or a backend's concurrency limit can take no more now: {@code 503}, whether the
     * load is shed or the limit full.
     */
    public static Problem overloaded(String detail) {
        return of("overloaded", "Overloaded", 503, detail);
    }

    public Problem withParts(Map<String, ?> parts) {
        return new Problem(type, title, status, detail, errors, parts);
    }

    static String type(String slug) {
        return "urn:departure-gateway:problem:" + slug;
    }
}
