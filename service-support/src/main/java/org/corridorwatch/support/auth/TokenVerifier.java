package org.corridorwatch.support.auth;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.UnauthenticatedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

import io.grpc.Status;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Turns a bearer token into its {@link Caller}, or refuses it. Two kinds of token are accepted,
 * each verified by smallrye-jwt against keys of its own:
 * <ul>
 * <li>users' tokens (and those of other systems), against the deployment's verification key or
 * JWKS and issuer ({@code mp.jwt.verify.*}); their roles are what the token says;</li>
 * <li>the services' own reference-check tokens ({@link ServiceCredentials}), whose {@code iss} is
 * {@code corridorwatch.auth.service-token.issuer}, against the services' public key
 * ({@code corridorwatch.auth.service-token.verify-key-location}). Their subject must be
 * {@code service:<name>} and they get the {@code reader} role at most, whatever they claim.</li>
 * </ul>
 * Why two: the services hold their signing key in every pod. If that key also made users'
 * tokens, anyone who read it from one pod could mint admin tokens for all. Kept apart and capped
 * at reader, a leaked service key reads what a reader reads and writes nothing.
 *
 * <p>Which verifier applies is chosen by the token's unverified {@code iss}; the chosen one then
 * checks the signature and the issuer again, so a token cannot pick a weaker check by naming an
 * issuer. The startup refuses a service issuer equal to the users' one, and a service key equal to
 * the users' PEM key.
 */
@Singleton
public class TokenVerifier {

    /** The subject prefix of every service token: {@code service:<quarkus.application.name>}. */
    public static final String SERVICE_SUBJECT_PREFIX = "service:";

    /** The longest a service token may live (exp - iat); ServiceCredentials signs for at most this long. */
    public static final Duration MAX_SERVICE_TOKEN_LIFETIME = Duration.ofHours(1);

    /** The reason when the verification keys (a JWKS URL) cannot be fetched. */
    public static final String KEYS_UNAVAILABLE = "TOKEN_KEYS_UNAVAILABLE";

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    /** How long a verified token is taken at its word again without a new verification, at most. */
    static final Duration VERIFIED_FOR = Duration.ofMinutes(1);

    /**
     * The tokens verified in the last minute, by their exact text, with the caller each names and
     * until when that stands: its exp, or a minute after it was verified, whichever comes first.
     * A client sends the same token with every call for as long as it lives, and checking its RSA
     * signature again each time was a fifth of the service's CPU per Get (issue 12). The minute
     * bounds how long a token verified before a key was rotated out (or a JWKS changed) is still
     * let in; a refused token is never kept, so it is checked, and refused, every time.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterWrite(VERIFIED_FOR).build();

    private record Verified(Caller caller, long validUntilMillis) {
    }

    private final JWTParser parser;
    private final String serviceIssuer;
    /** Empty: this service accepts no service tokens (no verify key configured). */
    private final Optional<JWTAuthContextInfo> serviceTokens;

    public TokenVerifier(JWTParser parser, AccessConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> usersIssuer,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> usersKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<Set<String>> audiences) {
        this.parser = parser;
        this.serviceIssuer = config.serviceToken().issuer();
        if (usersIssuer.isPresent() && usersIssuer.get().equals(serviceIssuer)) {
            throw new IllegalStateException("CORRIDORWATCH_AUTH_SERVICE_TOKEN_ISSUER must differ from MP_JWT_VERIFY_ISSUER "
                    + "(both are " + serviceIssuer + "): the services' own tokens are told apart by their issuer and "
                    + "capped at the reader role");
        }
        this.serviceTokens = config.serviceToken().verifyKeyLocation().map(location -> {
            PublicKey key = PemKeys.readLocalPublicKey(location).orElseThrow(() -> new IllegalStateException("Cannot read the PEM "
                    + "public key at " + location + " (CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION)"));
            if (usersKeyLocation.flatMap(PemKeys::readLocalPublicKey).filter(key::equals).isPresent()) {
                throw new IllegalStateException("The services' token key (CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_"
                        + "LOCATION) is the users' key (MP_JWT_VERIFY_PUBLICKEY_LOCATION): give the services a key "
                        + "pair of their own, or whoever holds a service's signing key can mint admin tokens");
            }
            JWTAuthContextInfo context = new JWTAuthContextInfo(key, serviceIssuer);
            context.setExpectedAudience(audiences.orElse(Set.of(Tokens.AUDIENCE)));
            // A leaked service key must not mint tokens that outlive a key rotation by much.
            context.setMaxTimeToLiveSecs(MAX_SERVICE_TOKEN_LIFETIME.toSeconds());
            return context;
        });
    }

    /** The issuer of the services' own tokens. */
    public String serviceIssuer() {
        return serviceIssuer;
    }

    /**
     * The caller {@code token} names, verified.
     *
     * @param method for the DEBUG line that says why a token was refused
     * @throws UnauthenticatedException when the token is refused
     * @throws ApiException UNAVAILABLE {@value #KEYS_UNAVAILABLE} when the keys to verify it cannot be fetched
     */
    public Caller verify(String method, String token) {
        long now = System.currentTimeMillis();
        Verified known = verified.getIfPresent(token);
        if (known != null && now < known.validUntilMillis()) {
            return known.caller();
        }
        try {
            boolean service = isServiceToken(token);
            JsonWebToken jwt = service ? parser.parse(token, serviceTokenKey(method)) : parser.parse(token);
            Caller caller = service ? serviceCaller(method, jwt) : userCaller(method, jwt);
            // Never past its exp (the verification's allowance for clock skew is not granted again here).
            long expires = jwt.getExpirationTime() * 1000;
            verified.put(token, new Verified(caller, Math.min(expires, now + VERIFIED_FOR.toMillis())));
            return caller;
        } catch (ParseException e) {
            throw refusal(method, e);
        }
    }

    /** By its unverified {@code iss}; anything that does not even parse is left to the users' verifier to refuse. */
    private boolean isServiceToken(String token) {
        Object issuer;
        try {
            JsonWebToken unverified = parser.parseOnly(token);
            // getClaim, not getIssuer: an iss that is an array or a number would make getIssuer throw.
            issuer = unverified == null ? null : unverified.getClaim("iss");
        } catch (ParseException | RuntimeException e) {
            issuer = null;
        }
        return issuer instanceof String name && serviceIssuer.equals(name);
    }

    private JWTAuthContextInfo serviceTokenKey(String method) {
        if (serviceTokens.isEmpty()) {
            LOG.debugf("%s refused: a service token, and this service has no service-token key to verify it", method);
            throw UnauthenticatedException.invalid();
        }
        return serviceTokens.get();
    }

    private static Caller serviceCaller(String method, JsonWebToken jwt) {
        if (jwt.getSubject() == null || !jwt.getSubject().startsWith(SERVICE_SUBJECT_PREFIX)) {
            LOG.debugf("%s refused: a service token whose sub is not service:<name>", method);
            throw UnauthenticatedException.invalid();
        }
        boolean reader = jwt.getGroups() != null && Roles.grants(jwt.getGroups(), Roles.READER);
        Set<String> roles = reader ? Set.of(Roles.READER) : Set.of();
        return new Caller(jwt.getIssuer(), jwt.getSubject(), null, roles);
    }

    private static Caller userCaller(String method, JsonWebToken jwt) {
        if (jwt.getSubject() == null || jwt.getIssuer() == null) {
            LOG.debugf("%s refused: the token has no sub or no iss", method);
            throw UnauthenticatedException.invalid();
        }
        Object displayName = jwt.getClaim("name") != null ? jwt.getClaim("name") : jwt.getClaim("preferred_username");
        return new Caller(jwt.getIssuer(), jwt.getSubject(), displayName == null ? null : displayName.toString(),
                jwt.getGroups() == null ? Set.of() : jwt.getGroups());
    }

    /**
     * The answer to a token smallrye-jwt refused; the precise cause goes to the DEBUG log only. When
     * the keys could not be fetched at all (a JWKS URL that is down), the token may be fine: that is
     * UNAVAILABLE, which clients retry, not INVALID_TOKEN, which tells them to get a new token.
     */
    private static ApiException refusal(String method, ParseException e) {
        InvalidJwtException invalid = causeOfType(e, InvalidJwtException.class);
        if (LOG.isDebugEnabled()) {
            // Only jose4j's error codes: its messages and error details quote the whole token.
            LOG.debugf("%s refused: %s, jose4j error codes %s", method, e.getClass().getSimpleName(),
                    invalid == null ? "[]" : invalid.getErrorDetails().stream().map(detail -> detail.getErrorCode()).toList());
        }
        IOException unreachable = causeOfType(e, IOException.class);
        if (unreachable != null && causeOfType(e, UnresolvableKeyException.class) != null) {
            LOG.errorf("%s: the keys that verify tokens could not be fetched (%s)", method, unreachable.toString());
            return new ApiException(Status.Code.UNAVAILABLE, KEYS_UNAVAILABLE,
                    "The keys that verify tokens could not be fetched; retry later.", Map.of(), List.of());
        }
        if (invalid != null && invalid.hasExpired()) {
            return UnauthenticatedException.expired();
        }
        if (invalid != null && invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return UnauthenticatedException.notYetValid();
        }
        return UnauthenticatedException.invalid();
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
