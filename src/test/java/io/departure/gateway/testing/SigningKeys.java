package io.departure.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RSA key pairs for tests that sign their own bearer tokens, and the public key as the PEM file the gateway reads. */
public final class SigningKeys {

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A temporary PEM file holding the public key (mp.jwt.verify.publickey.location). */
    public static Path publicKeyPem(KeyPair keys) {
        try {
            Path key = Files.createTempFile("departure-test-key", ".pem");
            key.toFile().deleteOnExit();
            Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
