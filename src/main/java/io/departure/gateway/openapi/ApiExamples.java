package io.departure.gateway.openapi;

/** Real answers of the packaged gateway on its simulator (flight 300 ms, forecast 500 ms), as examples for the OpenAPI document. */
final class ApiExamples {

    /** {@code GET /departure/stream?flight=AR1973&date=2026-11-27&from=EZE}, as sent. */
    static final String STREAM = """
            :departure stream
            retry:3000

            id:52c8f23340c702ed3a4efd32:0
            event:execution
            data:{"id":"52c8f23340c702ed3a4efd32"}

            id:52c8f23340c702ed3a4efd32:1
            event:flight
            data:{"step":"flight","outcome":"ok","attempts":1,"durationMs":339,"value":{"id":"AR1973","date":"2026-11-27",\
            "status":"DEPARTED","origin":"EZE","destination":"NRT","scheduledDeparture":"2026-11-27T07:35:00-03:00",\
            "estimatedDeparture":"2026-11-27T07:35:00-03:00","gate":"D24"},"startedMs":0,"attemptsAtMs":[0],"deadlineMs":299999}

            id:52c8f23340c702ed3a4efd32:2
            event:forecast
            data:{"step":"forecast","outcome":"ok","attempts":1,"durationMs":546,"value":{"airport":"EZE","date":"2026-11-27",\
            "summary":"cloudy","temperatureC":15.5,"precipitationProbability":0.5,"windKph":7.5},"startedMs":0,"attemptsAtMs":[0],\
            "deadlineMs":299999}

            id:52c8f23340c702ed3a4efd32:3
            event:departure
            data:{"flight":{"id":"AR1973","date":"2026-11-27","status":"DEPARTED","origin":"EZE","destination":"NRT",\
            "scheduledDeparture":"2026-11-27T07:35:00-03:00","estimatedDeparture":"2026-11-27T07:35:00-03:00","gate":"D24"},\
            "forecast":{"airport":"EZE","date":"2026-11-27","summary":"cloudy","temperatureC":15.5,"precipitationProbability":0.5,\
            "windKph":7.5},"complete":true,"parts":{"flight":{"outcome":"ok","attempts":1,"durationMs":339},\
            "forecast":{"outcome":"ok","attempts":1,"durationMs":546}}}

            """;

    private ApiExamples() {
    }
}
