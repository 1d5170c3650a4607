package io.departure.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The signature receivers' Standard Webhooks libraries check. */
class WebhookSignatureTest {

    /** The specification's published example: a receiver's library verifies what this signs. */
    @Test
    void reproducesTheSpecificationsExample() {
        WebhookSignature signature = new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body))
                .containsEntry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
                .containsEntry("webhook-timestamp", "1614265330")
                .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(signature.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
                "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isTrue();
        assertThat(signature.verifies("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body,
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).as("another timestamp").isFalse();
    }

    @Test
    void aSecretIsWhsecThenBase64() {
        assertThatThrownBy(() -> new WebhookSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature("whsec_not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
    }
}
