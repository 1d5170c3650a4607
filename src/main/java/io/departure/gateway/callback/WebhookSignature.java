package io.departure.gateway.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a callback as the Standard Webhooks specification says, so that a receiver can check it
 * came from this gateway and was not replayed: {@code webhook-id} (the same for every attempt of
 * one message), {@code webhook-timestamp} (seconds) and {@code webhook-signature}, {@code v1,}
 * then the base64 HMAC-SHA256 of {@code <id>.<timestamp>.<body>} under the secret's bytes.
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when {@code secret} is not {@code whsec_} then base64 */
    public WebhookSignature(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        if (bytes.length < 16) {
            throw new IllegalArgumentException("a webhook secret has at least 16 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The three headers of message {@code id} sent at {@code epochSeconds} with {@code body}. */
    public Map<String, String> headers(String id, long epochSeconds, byte[] body) {
        return Map.of(ID, id, TIMESTAMP, Long.toString(epochSeconds), SIGNATURE, "v1," + sign(id, epochSeconds, body));
    }

    /** Whether {@code signatures} (space-separated, as the header may list several) holds this body's. */
    public boolean verifies(String id, long epochSeconds, byte[] body, String signatures) {
        String expected = "v1," + sign(id, epochSeconds, body);
        for (String signature : signatures == null ? new String[0] : signatures.split(" ")) {
            if (java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private String sign(String id, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
