package io.departure.gateway.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Refuses backend answers over {@link #MAX_BYTES}: by their declared length before decoding,
 * and by counting otherwise, so an oversized answer fails its step instead of being decoded.
 */
public class ResponseSizeLimit implements ReaderInterceptor {

    public static final int MAX_BYTES = 1024 * 1024;

    /** Thrown when an answer is larger than the limit. */
    public static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String declared = context.getHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > MAX_BYTES) {
            throw new TooLarge("answer of " + declared + " bytes is over the limit of " + MAX_BYTES);
        }
        context.setInputStream(new Bounded(context.getInputStream()));
        return context.proceed();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_BYTES) {
                throw new TooLarge("answer is over the limit of " + MAX_BYTES + " bytes");
            }
        }
    }
}
