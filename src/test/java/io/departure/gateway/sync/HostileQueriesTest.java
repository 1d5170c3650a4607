package io.departure.gateway.sync;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ten thousand generated query strings, every one wrong in at least one way (bad or missing
 * fields, malformed percent-encoding, control characters, non-ASCII, repeated and unknown
 * parameters, overlong values, impossible dates), sent raw to both views: none gets a 5xx, no
 * backend is called, and every answer is a problem document, those to a target that is not a
 * URI at all (a malformed escape, a raw character a URI may not hold) too.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class HostileQueriesTest {

    static final int QUERIES = 10_000;

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/")
    URI base;

    private final Random random = new Random(20261202);

    @Test
    void noHostileQueryGetsA5xxOrAnythingButAProblemOrReachesABackend() throws Exception {
        stubs.reset();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int malformedUris = 0;
        int splitLines = 0;
        for (int i = 0; i < QUERIES; i++) {
            String path = (i % 2 == 0 ? "/departure?" : "/departure/stream?") + query(i % 2 == 1);
            Answer answer = get(path, i % 2 == 0 ? "application/json" : "text/event-stream");
            statuses.merge(answer.status(), 1, Integer::sum);
            if (path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                // Not an HTTP request line at all (a space splits it): the HTTP decoder refuses it, before any handler.
                assertThat(answer.status()).as("a request line a space splits: " + path).isEqualTo(400);
                splitLines++;
                continue;
            }
            if (notAUri(path)) {
                malformedUris++;
                if (!answer.body().contains("urn:departure-gateway:problem:malformed-uri")) {
                    wrong.add("not a malformed-uri problem: " + answer.status() + " " + answer.body() + " for " + path);
                }
            }
            if (answer.status() >= 500 || answer.status() < 400 || answer.type() == null
                    || !answer.type().startsWith("application/problem+json") || !answer.body().contains("\"status\":" + answer.status())) {
                wrong.add(answer.status() + " " + answer.type() + " " + answer.body() + " for " + path.substring(0, Math.min(200, path.length())));
            }
        }
        System.out.println("statuses of " + QUERIES + " hostile queries: " + statuses + ", of which to targets that are not URIs: "
                + malformedUris + ", request lines split by a raw space: " + splitLines);
        assertThat(wrong).as("answers that are not 4xx problems").isEmpty();
        assertThat(stubs.received(FLIGHT)).as("flight calls for bad queries").isEmpty();
        assertThat(stubs.received(FORECAST)).as("forecast calls for bad queries").isEmpty();
        assertThat(statuses).containsKeys(400, 414);
        assertThat(malformedUris).as("queries that are not URIs").isGreaterThan(QUERIES / 50);
    }

    @Test
    void refusedPathsDoNotEachMakeATimeSeries() throws Exception {
        for (int i = 0; i < 50; i++) {
            Answer answer = get("/hostile%zz/" + i + "?x", "application/json");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("urn:departure-gateway:problem:malformed-uri");
            assertThat(get("/long/" + i + "/" + "a".repeat(5000), "application/json").status()).isEqualTo(414);
        }
        String metrics = new String(base.resolve("/q/metrics").toURL().openStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> uris = metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count"))
                .map(line -> line.replaceAll(".*uri=\"([^\"]*)\".*", "$1")).distinct().toList();
        assertThat(uris).as("the uri labels of the server's request metrics").contains("/malformed-uri", "/uri-too-long")
                .noneMatch(uri -> uri.startsWith("/hostile") || uri.startsWith("/long"));
    }

    record Answer(int status, String type, String body) {
    }

    /** One request on a connection of its own, written byte for byte as given. */
    private Answer get(String path, String accept) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = headersEnd < 0 ? response : response.substring(0, headersEnd);
            String type = head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring(13).trim()).findFirst().orElse(null);
            return new Answer(Integer.parseInt(head.substring(9, 12)), type, headersEnd < 0 ? "" : response.substring(headersEnd + 4));
        }
    }

    /**
     * Whether a path holds what a URI may not: a bad escape, a raw ASCII sign outside RFC 3986 (raw
     * non-ASCII characters are {@link java.net.URI}'s "other" characters, and pass).
     */
    static boolean notAUri(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return true;
                }
            } else if ("\"<>\\^`{|}".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A query with at least one defect that makes it invalid, and any number of others. */
    private String query(boolean stream) {
        List<String> parts = new ArrayList<>();
        String flight = pick("AR1973", "ar1973", "LA8012X", "U2123");
        String date = pick("2026-11-27", "2026-01-31");
        String from = pick("EZE", "aep", null);
        switch (random.nextInt(9)) {
            case 0 -> flight = null;
            case 1 -> date = pick(null, "2026-02-30", "2026-13-01", "27/11/2026", "0000-00-00", "2026-11-27T10:00", "");
            case 2 -> flight = pick("A", "AR12345", "AR-1973", "AR 1973", "", "ÄR1973", "AR1973%00", "%0AAR1973", "AR%E2%80%AE1973");
            case 3 -> from = pick("EZEE", "E", "E1E", "%00%00%00", "ÉZE", "EZ%");
            case 4 -> parts.add(pick("%", "%0", "%zz", "flight=%G1", "x=%%", "date=2026-11-2%") + "");
            case 5 -> flight = "AR" + "1".repeat(4000 + random.nextInt(2000));
            case 6 -> date = pick("2026-02-30", "tomorrow", "") + "&date=2026-11-27";
            case 7 -> {
                if (stream) {
                    parts.add("watch=" + pick("yes", "1", "TRUE", "", "%FF"));
                } else {
                    from = pick("EZ", "12", "E-Z");
                }
            }
            default -> date = randomText(1 + random.nextInt(30));
        }
        if (flight != null) {
            parts.add("flight=" + flight);
        }
        if (date != null) {
            parts.add("date=" + date);
        }
        if (from != null) {
            parts.add("from=" + from);
        }
        for (int extra = random.nextInt(3); extra > 0; extra--) {
            parts.add(pick("unknown", "x", "%41", "date%3D", "from2") + "=" + randomText(random.nextInt(12)));
        }
        java.util.Collections.shuffle(parts, random);
        return String.join(pick("&", "&", "&&", "&;"), parts);
    }

    /** Characters a client may send in a query: encoded control and non-ASCII bytes, stray signs. */
    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append('%').append(String.format("%02X", random.nextInt(256)));
                case 1 -> text.append(pick("%", "+", "=", "?", "/", ";", "'", "<", ">", "\\"));
                case 2 -> text.append(pick("é", "ß", "😀", "中"));
                default -> text.append((char) ('0' + random.nextInt(75)));
            }
        }
        return text.toString().replace(" ", "%20").replace("#", "%23").replace("\"", "%22");
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
