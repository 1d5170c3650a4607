package io.departure.gateway.sync;

/** Example documents for the OpenAPI description. */
final class Examples {

    static final String COMPLETE = """
            {"flight":{"id":"AR1973","date":"2026-11-27","status":"ON_TIME","origin":"EZE","destination":"YUL",
             "scheduledDeparture":"2026-11-27T21:00:00-03:00","estimatedDeparture":"2026-11-27T21:00:00-03:00","gate":"A12"},
             "forecast":{"airport":"EZE","date":"2026-11-27","summary":"cloudy","temperatureC":18.5,
             "precipitationProbability":0.3,"windKph":22.0},
             "complete":true,
             "parts":{"flight":{"outcome":"ok","attempts":1,"durationMs":301},
                      "forecast":{"outcome":"ok","attempts":1,"durationMs":512}}}""";

    static final String INVALID = """
            {"type":"urn:departure-gateway:problem:invalid-request","title":"Invalid request","status":400,
             "detail":"2 parameters are invalid",
             "errors":[{"field":"date","message":"must be a date written YYYY-MM-DD"},
                       {"field":"flight","message":"must be an IATA flight designator such as AR1973"}]}""";

    private Examples() {
    }
}
