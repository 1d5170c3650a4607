package io.departure.gateway.backend;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientResponse;

/** A backend's answer, checked before it is read: its status, then its size ({@link Client#MAX_BYTES}). */
final class Answers {

    private Answers() {
    }

    static HttpClientResponse successful(HttpClientResponse response) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            // The body is not read; the connection goes back to the pool once it has arrived.
            throw new Client.UnexpectedStatus(status);
        }
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
        if (declared != null && parseLength(declared) > Client.MAX_BYTES) {
            Client.abandon(response.request());
            throw new TooLargeAnswer("answer of " + declared + " bytes is over the limit of " + Client.MAX_BYTES);
        }
        return response;
    }

    /** The whole body: at once when its length is declared, else gathered up to the limit. */
    static Uni<Buffer> body(HttpClientResponse response) {
        if (response.getHeader(HttpHeaders.CONTENT_LENGTH.toString()) != null) {
            return response.body();
        }
        return response.toMulti().collect().in(Buffer::buffer, (body, chunk) -> {
            body.appendBuffer(chunk);
            if (body.length() > Client.MAX_BYTES) {
                throw new TooLargeAnswer("answer is over the limit of " + Client.MAX_BYTES + " bytes");
            }
        });
    }

    /** {@link Client.TooLarge} where a lambda cannot throw it. */
    static final class TooLargeAnswer extends RuntimeException {
        TooLargeAnswer(String message) {
            super(message, new Client.TooLarge(message), false, false);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
