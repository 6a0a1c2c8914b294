package org.corridorwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import org.corridorwatch.support.auth.PemKeys;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The key pair of a test JVM: generated when first needed (no private key is committed anywhere),
 * written as PEM files into a temporary folder, and given to the app under test as its
 * verification key, issuer and service signing key, as a deployment would through
 * MP_JWT_VERIFY_PUBLICKEY_LOCATION, MP_JWT_VERIFY_ISSUER and SMALLRYE_JWT_SIGN_KEY_LOCATION.
 * {@link TestTokens} signs with the same private key.
 *
 * <p>A service's tests register it with {@code @WithTestResource(value = TestKeys.class, scope =
 * TestResourceScope.GLOBAL)}.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    private static KeyPair pair;
    private static Path folder;

    /** The JVM's key pair. */
    public static synchronized KeyPair pair() {
        if (pair == null) {
            pair = PemKeys.generate();
            try {
                folder = Files.createTempDirectory("corridorwatch-test-keys-");
                folder.toFile().deleteOnExit();
                PemKeys.write(pair, folder);
                privateKeyFile().toFile().deleteOnExit();
                publicKeyFile().toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the test key pair", e);
            }
        }
        return pair;
    }

    public static Path publicKeyFile() {
        pair();
        return folder.resolve("public.pem");
    }

    public static Path privateKeyFile() {
        pair();
        return folder.resolve("private.pem");
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKeyFile().toString(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "smallrye.jwt.sign.key.location", privateKeyFile().toString());
    }

    @Override
    public void stop() {
        // The files live as long as the JVM: a later test profile starts this resource again.
    }
}
