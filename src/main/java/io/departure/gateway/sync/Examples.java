package io.departure.gateway.sync;

/** Example documents for the OpenAPI description. */
final class Examples {

    /** A real answer of the packaged gateway on its simulator (flight 300 ms, forecast 500 ms, a cold JVM). */
    static final String COMPLETE = """
            {"flight":{"id":"AR1973","date":"2026-11-27","status":"DEPARTED","origin":"EZE","destination":"NRT",
             "scheduledDeparture":"2026-11-27T07:35:00-03:00","estimatedDeparture":"2026-11-27T07:35:00-03:00","gate":"D24"},
             "forecast":{"airport":"EZE","date":"2026-11-27","summary":"cloudy","temperatureC":15.5,
             "precipitationProbability":0.5,"windKph":7.5},
             "complete":true,
             "parts":{"flight":{"outcome":"ok","attempts":1,"durationMs":555},
                      "forecast":{"outcome":"ok","attempts":1,"durationMs":663}}}""";

    static final String INVALID = """
            {"type":"urn:departure-gateway:problem:invalid-request","title":"Invalid request","status":400,
             "detail":"2 parameters are invalid",
             "errors":[{"field":"date","message":"must be a date written YYYY-MM-DD"},
                       {"field":"flight","message":"must be an IATA flight designator such as AR1973"}]}""";

    private Examples() {
    }
}
