package io.departure.gateway.ops;

/** Real answers of the gateway on its simulator, as examples for the OpenAPI document. */
final class ApiExamples {

    /** {@code GET /departure/stream?flight=AR1973&date=2026-11-27&from=EZE}. */
    static final String STREAM = """
            PLACEHOLDER
            """;

    private ApiExamples() {
    }
}
