package io.departure.gateway.execution;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Execution ids: 96 random bits in hex, not guessable, so that knowing one departure's id tells
 * nothing of another's. A generator per thread: no lock shared by the event loops.
 */
@ApplicationScoped
public class ExecutionIds {

    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);

    public String next() {
        byte[] bytes = new byte[12];
        random.get().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
