package org.corridorwatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.corridorwatch.support.auth.PemKeys;
import org.corridorwatch.support.auth.Roles;
import org.corridorwatch.support.auth.Tokens;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The local stack's token issuer: a development RSA key pair in its data folder
 * ({@code keys/private.pem}, readable by its owner only, and {@code keys/public.pem}) for users'
 * tokens, which {@link #mint} makes, and a second pair in {@code keys/services/} that the services
 * sign their own reference-check tokens with, made on the first start and kept, so that tokens
 * minted earlier still work after a restart. The services verify callers' tokens with the users'
 * public key, as compose and Kubernetes configure them (README "Identity and access"). For this
 * machine only: the key pairs are development ones.
 */
public final class StackTokens {

    /** The {@code iss} of the local stack's tokens. */
    public static final String ISSUER = "https://corridorwatch.local/dev";
    /** How long the tokens printed at start, and minted without --hours, are valid. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private final Path keyDirectory;

    private StackTokens(Path keyDirectory) {
        this.keyDirectory = keyDirectory;
    }

    /** The issuer whose key pair lives in {@code dataDirectory}/keys (made by {@link #ensureKeys()}). */
    public static StackTokens inDataDirectory(Path dataDirectory) {
        return new StackTokens(dataDirectory.resolve("keys"));
    }

    public Path privateKey() {
        return keyDirectory.resolve("private.pem");
    }

    public Path publicKey() {
        return keyDirectory.resolve("public.pem");
    }

    /** The services' own key pair, for their reference-check tokens: never the users' one. */
    public Path servicePrivateKey() {
        return keyDirectory.resolve("services").resolve("private.pem");
    }

    public Path servicePublicKey() {
        return keyDirectory.resolve("services").resolve("public.pem");
    }

    /** Generates each key pair unless it is there already (a data folder from before has no services' pair). */
    public void ensureKeys() {
        ensurePair(privateKey(), keyDirectory);
        ensurePair(servicePrivateKey(), servicePrivateKey().getParent());
    }

    private static void ensurePair(Path privateKey, Path directory) {
        if (Files.exists(privateKey)) {
            return;
        }
        try {
            PemKeys.write(PemKeys.generate(), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the development key pair to " + directory, e);
        }
    }

    /**
     * The settings that make a service accept this issuer's tokens, sign its own with the services'
     * key and accept those of the other services.
     */
    Map<String, String> serviceEnvironment() {
        return Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", uri(publicKey()),
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", uri(servicePrivateKey()),
                "CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION", uri(servicePublicKey()));
    }

    private static String uri(Path file) {
        return file.toAbsolutePath().toUri().toString();
    }

    /** A token of this issuer for {@code subject} holding {@code role}, valid from now for {@code lifetime}. */
    public String mint(String role, String subject, Duration lifetime) {
        return mint(privateKey(), ISSUER, role, subject, lifetime);
    }

    /**
     * A token signed with the PKCS#8 PEM private key in {@code privateKeyFile}, e.g. one of a compose
     * deployment (deploy/compose/make-dev-keys.sh).
     *
     * @param role {@link Roles#READER}, {@link Roles#EDITOR} or {@link Roles#ADMIN}
     */
    public static String mint(Path privateKeyFile, String issuer, String role, String subject, Duration lifetime) {
        if (!Roles.HIERARCHY.contains(role)) {
            throw new IllegalArgumentException("unknown role " + role + "; one of " + Roles.HIERARCHY);
        }
        try {
            return Tokens.sign(PemKeys.readPrivateKey(privateKeyFile), issuer, subject, null, Set.of(role), lifetime);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the signing key " + privateKeyFile, e);
        }
    }

    /** Sends {@code token} as {@code authorization: Bearer <token>} on every call it intercepts. */
    public static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Tokens.AUTHORIZATION, "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
