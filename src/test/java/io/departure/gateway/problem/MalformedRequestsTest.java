package io.departure.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The check that spares most requests a {@link URI} parse never lets through a target that parse refuses. */
class MalformedRequestsTest {

    @Test
    void theUsualTargetsAreToldPlainWithoutParsing() {
        assertThat(MalformedRequests.plain("/departure?flight=AR1973&date=2026-11-27&from=EZE")).isTrue();
        assertThat(MalformedRequests.plain("/departures/01JD4X5Y6Z/events?after=3")).isTrue();
        assertThat(MalformedRequests.plain("/departure?flight=AR%201973")).isTrue();
        assertThat(MalformedRequests.plain("/")).isTrue();
    }

    @Test
    void whatItCannotTellGoesToTheParse() {
        for (String target : new String[] { "", "//evil/path", "departure", "/a b", "/%zz", "/%4", "/%", "/%C3%A9%", "/é", "/a|b",
                "/a{b}", "/a[0]", "/a\"b", "/a#b", "/a\\b", "/%٤١" }) {
            assertThat(MalformedRequests.plain(target)).as(target).isFalse();
        }
    }

    @Test
    void neverPlainWhatTheParseRefuses() {
        String alphabet = "aZ09-_.!~*'()/?&=+:@$,;%%%4fFgG #[]{}|\\\"<>^`é";
        SplittableRandom random = new SplittableRandom(11);
        int plain = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder target = new StringBuilder("/");
            for (int n = random.nextInt(12); n > 0; n--) {
                target.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = target.toString();
            if (MalformedRequests.plain(value)) {
                plain++;
                assertThatCode(() -> new URI(value)).as(value).doesNotThrowAnyException();
            }
        }
        assertThat(plain).as("targets told plain").isGreaterThan(10_000);
    }
}
