package org.corridorwatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import org.corridorwatch.support.auth.PemKeys;
import org.corridorwatch.support.auth.Roles;
import org.corridorwatch.support.auth.Tokens;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Bearer tokens for tests, signed with the test JVM's key ({@link TestKeys}) unless the point is
 * that they are not: one per role, and one for every way a token is refused. Send one with
 * {@code stub.withCallCredentials(TestTokens.bearer(TestTokens.reader()))}, or none with
 * {@code stub.withCallCredentials(TestTokens.none())}; calls that choose nothing carry an admin
 * token ({@link DefaultTestToken}).
 */
public final class TestTokens {

    /** The users' issuer the apps under test verify (set by {@link TestKeys}). */
    public static final String ISSUER = "https://issuer.test.corridorwatch.org";
    /** The issuer of the services' own tokens (the default of corridorwatch.auth.service-token.issuer). */
    public static final String SERVICE_ISSUER = "urn:corridorwatch:service";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private TestTokens() {
    }

    public static String reader() {
        return forRoles("test-reader", Roles.READER);
    }

    public static String editor() {
        return forRoles("test-editor", Roles.EDITOR);
    }

    public static String admin() {
        return forRoles("test-admin", Roles.ADMIN);
    }

    /** A valid token of {@code subject} with these roles (none: a caller without any role). */
    public static String forRoles(String subject, String... roles) {
        return Tokens.sign(TestKeys.pair().getPrivate(), ISSUER, subject, "Test " + subject, Set.of(roles), LIFETIME);
    }

    /** An admin token that expired ten minutes ago (beyond smallrye-jwt's clock skew allowance). */
    public static String expired() {
        Instant now = Instant.now();
        return Tokens.sign(TestKeys.pair().getPrivate(), ISSUER, Tokens.AUDIENCE, "test-admin", null,
                Set.of(Roles.ADMIN), now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)),
                now.minus(Duration.ofMinutes(10)));
    }

    /** An admin token valid only from an hour from now. */
    public static String notYetValid() {
        Instant now = Instant.now();
        return Tokens.sign(TestKeys.pair().getPrivate(), ISSUER, Tokens.AUDIENCE, "test-admin", null,
                Set.of(Roles.ADMIN), now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
    }

    /** An admin token signed with the right key by another issuer. */
    public static String wrongIssuer() {
        return Tokens.sign(TestKeys.pair().getPrivate(), "https://other-issuer.example", "test-admin", null,
                Set.of(Roles.ADMIN), LIFETIME);
    }

    /** An admin token for another audience. */
    public static String wrongAudience() {
        Instant now = Instant.now();
        return Tokens.sign(TestKeys.pair().getPrivate(), ISSUER, "some-other-api", "test-admin", null,
                Set.of(Roles.ADMIN), now, now, now.plus(LIFETIME));
    }

    /** An admin token signed with a key the service does not know. */
    public static String badSignature() {
        return Tokens.sign(PemKeys.generate().getPrivate(), ISSUER, "test-admin", null, Set.of(Roles.ADMIN), LIFETIME);
    }

    /** An unsigned admin token ({@code alg: none}), otherwise valid: what a forger would send. */
    public static String algNone() {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"test-admin\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        return base64Url(header) + "." + base64Url(claims) + ".";
    }

    /**
     * A service's own token (the services' key, their issuer) for {@code subject} claiming these
     * roles: a service gets reader at most, whatever it claims.
     */
    public static String service(String subject, String... roles) {
        // Within the hour a service token may live (TokenVerifier.MAX_SERVICE_TOKEN_LIFETIME).
        return Tokens.sign(TestKeys.servicePair().getPrivate(), SERVICE_ISSUER, subject, null, Set.of(roles),
                Duration.ofMinutes(30));
    }

    /** An admin token signed with the services' key in the users' issuer's name: a forgery. */
    public static String serviceKeyAsUsersIssuer() {
        return Tokens.sign(TestKeys.servicePair().getPrivate(), ISSUER, "test-admin", null, Set.of(Roles.ADMIN),
                LIFETIME);
    }

    /** A reader token in the services' issuer's name signed with the users' key: a forgery. */
    public static String usersKeyAsServiceIssuer() {
        return Tokens.sign(TestKeys.pair().getPrivate(), SERVICE_ISSUER, "service:forger", null,
                Set.of(Roles.READER), LIFETIME);
    }

    /** An otherwise valid admin token, RS256-signed with the test key, without the claim {@code name} (exp, sub, ...). */
    public static String withoutClaim(String name) {
        JwtClaims claims = adminClaims();
        claims.unsetClaim(name);
        JsonWebSignature jws = jws(claims);
        jws.setKey(TestKeys.pair().getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return serialize(jws);
    }

    /**
     * An admin token signed HS256 with the users' public key as the HMAC secret: the algorithm
     * confusion attack on verifiers that take the algorithm from the token.
     */
    public static String hmacWithThePublicKey() {
        JsonWebSignature jws = jws(adminClaims());
        jws.setKey(new HmacKey(TestKeys.pair().getPublic().getEncoded()));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        return serialize(jws);
    }

    private static JwtClaims adminClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("test-admin");
        claims.setAudience(Tokens.AUDIENCE);
        claims.setStringListClaim("groups", List.of(Roles.ADMIN));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        return claims;
    }

    private static JsonWebSignature jws(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setHeader("typ", "JWT");
        // jose4j refuses HS256 with a key it deems unfit unless told not to check: the forger doesn't.
        jws.setDoKeyValidation(false);
        return jws;
    }

    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign the test token", e);
        }
    }

    /** Not a JWT at all. */
    public static String malformed() {
        return "not-a-jwt";
    }

    /** Credentials sending {@code authorization: Bearer <token>}. */
    public static CallCredentials bearer(String token) {
        return header("Bearer " + token);
    }

    /** Credentials sending exactly this {@code authorization} value, e.g. "Basic dXNlcjpwdw==". */
    public static CallCredentials header(String authorization) {
        return headers(authorization);
    }

    /** Credentials sending each of these as an {@code authorization} value of the same call. */
    public static CallCredentials headers(String... authorizations) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                for (String authorization : authorizations) {
                    headers.put(Tokens.AUTHORIZATION, authorization);
                }
                applier.apply(headers);
            }
        };
    }

    /** No credentials at all (and none added by {@link DefaultTestToken}). */
    public static CallCredentials none() {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
                applier.apply(new Metadata());
            }
        };
    }

    /**
     * A service's own token as the apps under test verify it (the services' test key, their issuer,
     * audience corridorwatch): to check what a service sent with its reference checks.
     */
    public static JsonWebToken verifiedServiceToken(String token) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(TestKeys.servicePair().getPublic(), SERVICE_ISSUER);
        context.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        try {
            return new DefaultJWTParser(context).parse(token);
        } catch (ParseException e) {
            throw new AssertionError("not a valid token of the services' issuer: " + e.getMessage(), e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
