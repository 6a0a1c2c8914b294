package org.corridorwatch.support.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.quarkus.arc.Unremovable;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The credentials this service sends with its own calls to other services (the reference checks),
 * never a user's token: a token it signs itself with the private key at
 * {@code smallrye.jwt.sign.key.location} (SMALLRYE_JWT_SIGN_KEY_LOCATION), with
 * {@code sub} = {@code service:<quarkus.application.name>}, the {@code reader} role only,
 * {@code aud} {@value Tokens#AUDIENCE}, and {@code iss} = {@code corridorwatch.auth.service-token.issuer}
 * ({@code urn:corridorwatch:service}). The key is the services' own, never the one users' tokens
 * are signed with: the service called verifies it with
 * {@code corridorwatch.auth.service-token.verify-key-location} and grants it reader at most
 * ({@link TokenVerifier}).
 * A token lives {@code corridorwatch.auth.service-token.lifetime} (5 min) and is reused until a
 * minute before it expires.
 *
 * <p>Created when a service that checks references starts, so a missing or unreadable key stops
 * it from starting rather than failing every write later.
 */
@Singleton
@Unremovable // looked up by ReferencesConfig.checker(), not injected
public class ServiceCredentials extends CallCredentials {

    /** A token is replaced this long before it expires, so none expires on its way. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);

    private final PrivateKey key;
    private final String issuer;
    private final String subject;
    private final Duration lifetime;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceCredentials(AccessConfig config,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> usersKeyLocation,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.issuer = config.serviceToken().issuer();
        String location = keyLocation.orElseThrow(() -> new IllegalStateException("This service checks references "
                + "with other services and signs its own token for them: set SMALLRYE_JWT_SIGN_KEY_LOCATION to its "
                + "PEM (PKCS#8) private key file"));
        try {
            this.key = readKey(location);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the service's signing key at " + location
                    + " (SMALLRYE_JWT_SIGN_KEY_LOCATION): it must be a PEM PKCS#8 RSA private key", e);
        }
        if (key == null) {
            throw new IllegalStateException("No signing key at " + location + " (SMALLRYE_JWT_SIGN_KEY_LOCATION)");
        }
        Optional<PublicKey> signs = PemKeys.publicKeyOf(key);
        if (signs.isPresent() && usersKeyLocation.flatMap(PemKeys::readLocalPublicKey).equals(signs)) {
            throw new IllegalStateException("SMALLRYE_JWT_SIGN_KEY_LOCATION holds the private half of the users' key "
                    + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION): a service signs with a key pair of the services' own, or "
                    + "whoever reads it from one pod can mint admin tokens");
        }
        this.subject = TokenVerifier.SERVICE_SUBJECT_PREFIX + application;
        this.lifetime = config.serviceToken().lifetime();
        if (lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) < 0
                || lifetime.compareTo(TokenVerifier.MAX_SERVICE_TOKEN_LIFETIME) > 0) {
            throw new IllegalStateException("corridorwatch.auth.service-token.lifetime must be between 2 minutes and "
                    + TokenVerifier.MAX_SERVICE_TOKEN_LIFETIME.toMinutes() + " minutes");
        }
        Optional<PublicKey> verifiedWith = config.serviceToken().verifyKeyLocation().flatMap(PemKeys::readLocalPublicKey);
        if (signs.isPresent() && verifiedWith.isPresent() && !verifiedWith.equals(signs)) {
            throw new IllegalStateException("SMALLRYE_JWT_SIGN_KEY_LOCATION and CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_"
                    + "LOCATION are not one key pair: the other services would refuse this service's token");
        }
    }

    /** A {@code classpath:} resource, or a file: a path, with or without {@code file:}. */
    private static PrivateKey readKey(String location) throws IOException, GeneralSecurityException {
        if (location.startsWith("classpath:")) {
            return KeyUtils.readPrivateKey(location);
        }
        return PemKeys.readPrivateKey(Path.of(location.startsWith("file:") ? location.substring("file:".length())
                : location));
    }

    /** The subject the service's token names: {@code service:<application name>}. */
    public String subject() {
        return subject;
    }

    /** The current token, signing a new one when it is due. */
    public synchronized String token() {
        Instant now = Instant.now();
        if (token == null || !now.isBefore(renewAt)) {
            token = Tokens.sign(key, issuer, subject, null, Set.of(Roles.READER), lifetime);
            renewAt = now.plus(lifetime).minus(RENEW_BEFORE_EXPIRY);
        }
        return token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor appExecutor, MetadataApplier applier) {
        try {
            Metadata headers = new Metadata();
            headers.put(Tokens.AUTHORIZATION, "Bearer " + token());
            applier.apply(headers);
        } catch (RuntimeException e) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("could not sign the service's token").withCause(e));
        }
    }
}
