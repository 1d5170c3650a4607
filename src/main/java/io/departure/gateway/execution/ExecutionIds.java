package io.departure.gateway.execution;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Execution ids: 96 random bits in hex, not guessable, so that knowing one departure's id tells
 * nothing of another's. A generator per thread: no lock shared by the event loops.
 */
@ApplicationScoped
public class ExecutionIds {

    /**
     * DRBG instances share no state, unlike the default NativePRNG's, whose instances all read
     * through one lock.
     */
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(ExecutionIds::generator);

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public String next() {
        byte[] bytes = new byte[12];
        random.get().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
