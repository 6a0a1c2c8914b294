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
 * The two key pairs of a test JVM, the users' and the services', as a deployment has them:
 * generated when first needed (no private key is committed anywhere), written as PEM files into a
 * temporary folder, and given to the app under test as MP_JWT_VERIFY_PUBLICKEY_LOCATION and
 * MP_JWT_VERIFY_ISSUER (users' tokens), SMALLRYE_JWT_SIGN_KEY_LOCATION and
 * CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION (the services' own). {@link TestTokens}
 * signs with the same private keys.
 *
 * <p>A service's tests register it with {@code @WithTestResource(value = TestKeys.class, scope =
 * TestResourceScope.GLOBAL)}.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    private static KeyPair pair;
    private static KeyPair servicePair;
    private static Path folder;

    /** The JVM's users' key pair: it signs users' tokens. */
    public static KeyPair pair() {
        written();
        return pair;
    }

    /** The JVM's services' key pair: the services sign their own reference-check tokens with it. */
    public static KeyPair servicePair() {
        written();
        return servicePair;
    }

    private static synchronized void written() {
        if (pair == null) {
            try {
                folder = Files.createTempDirectory("corridorwatch-test-keys-");
                folder.toFile().deleteOnExit();
                KeyPair users = PemKeys.generate();
                KeyPair services = PemKeys.generate();
                PemKeys.write(users, folder.resolve("users"));
                PemKeys.write(services, folder.resolve("services"));
                // deleteOnExit deletes in reverse order: each folder after the files in it.
                for (String owner : new String[] {"users", "services"}) {
                    folder.resolve(owner).toFile().deleteOnExit();
                    for (String file : new String[] {"private.pem", "public.pem"}) {
                        folder.resolve(owner).resolve(file).toFile().deleteOnExit();
                    }
                }
                servicePair = services;
                pair = users;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the test key pairs", e);
            }
        }
    }

    public static Path publicKeyFile() {
        written();
        return folder.resolve("users").resolve("public.pem");
    }

    public static Path privateKeyFile() {
        written();
        return folder.resolve("users").resolve("private.pem");
    }

    public static Path servicePublicKeyFile() {
        written();
        return folder.resolve("services").resolve("public.pem");
    }

    public static Path servicePrivateKeyFile() {
        written();
        return folder.resolve("services").resolve("private.pem");
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKeyFile().toString(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "smallrye.jwt.sign.key.location", servicePrivateKeyFile().toString(),
                "corridorwatch.auth.service-token.verify-key-location", servicePublicKeyFile().toString());
    }

    @Override
    public void stop() {
        // The files live as long as the JVM: a later test profile starts this resource again.
    }
}
