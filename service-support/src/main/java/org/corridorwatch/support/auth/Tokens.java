package org.corridorwatch.support.auth;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.grpc.Metadata;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints the bearer tokens the services accept: RS256-signed JWTs with {@code iss}, {@code sub},
 * {@code aud} {@value #AUDIENCE}, the roles in {@code groups}, {@code iat}, {@code exp} and, when
 * there is one, the display name in {@code name}. The services sign their own reference-check
 * tokens with it; tests, the local stack and the benchmark mint users' tokens. Plain Java (no CDI):
 * signing is smallrye-jwt-build's.
 */
public final class Tokens {

    /** The gRPC metadata a bearer token travels in: {@code authorization: Bearer <token>}. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    /** The audience every Corridor Watch token names, and the services expect by default. */
    public static final String AUDIENCE = "corridorwatch";

    private Tokens() {
    }

    /**
     * A token valid from now for {@code lifetime}.
     *
     * @param displayName the {@code name} claim, or null for none
     * @param roles e.g. {@code Set.of(Roles.EDITOR)}
     */
    public static String sign(PrivateKey key, String issuer, String subject, String displayName, Set<String> roles,
            Duration lifetime) {
        Instant now = Instant.now();
        return sign(key, issuer, AUDIENCE, subject, displayName, roles, now, now, now.plus(lifetime));
    }

    /**
     * A token with every time claim given: {@code iat} = {@code issuedAt}, {@code nbf} =
     * {@code notBefore} (left out when equal to {@code issuedAt}), {@code exp} = {@code expiresAt}.
     * For tests of expired and not-yet-valid tokens, and of other audiences.
     */
    public static String sign(PrivateKey key, String issuer, String audience, String subject, String displayName,
            Set<String> roles, Instant issuedAt, Instant notBefore, Instant expiresAt) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .subject(subject)
                .audience(audience)
                .groups(roles)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt);
        if (!notBefore.equals(issuedAt)) {
            claims.claim("nbf", notBefore.getEpochSecond());
        }
        if (displayName != null) {
            claims.claim("name", displayName);
        }
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }
}
