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
 * ({@code keys/private.pem}, readable by its owner only, and {@code keys/public.pem}), made on the
 * first start and kept, so that tokens minted earlier still work after a restart. The services
 * verify callers' tokens with the public key and sign their own reference-check tokens with the
 * private one, as compose and Kubernetes configure them (README "Identity and access"); {@link #mint} makes
 * users' tokens. For this machine only: the key pair is a development one.
 */
public final class StackTokens {

    /** The {@code iss} of the local stack's tokens. */
    public static final String ISSUER = "https://corridorwatch.local/dev";
    /** How long the tokens printed at start, and minted without --hours, are valid. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

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

    /** Generates the key pair unless it is there already. */
    public void ensureKeys() {
        if (Files.exists(privateKey())) {
            return;
        }
        try {
            PemKeys.write(PemKeys.generate(), keyDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the development key pair to " + keyDirectory, e);
        }
    }

    /** The settings that make a service accept this issuer's tokens and sign its own with its key. */
    Map<String, String> serviceEnvironment() {
        return Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey().toAbsolutePath().toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", privateKey().toAbsolutePath().toUri().toString());
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
        headers.put(AUTHORIZATION, "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
