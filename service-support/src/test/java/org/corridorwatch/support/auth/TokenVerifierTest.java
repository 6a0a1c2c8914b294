package org.corridorwatch.support.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.UnauthenticatedException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Users' tokens and the services' own are verified against keys of their own, and a service's
 * token never grants more than reader (the gRPC side is in each service's AccessMatrixTest).
 */
class TokenVerifierTest {

    private static final String USERS = "https://issuer.test";
    private static final String SERVICES = "urn:corridorwatch:service";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    @TempDir
    static Path keys;
    private static KeyPair users;
    private static KeyPair services;

    @BeforeAll
    static void keyPairs() throws Exception {
        users = PemKeys.generate();
        services = PemKeys.generate();
        PemKeys.write(users, keys.resolve("users"));
        PemKeys.write(services, keys.resolve("services"));
    }

    private static String file(String owner) {
        return keys.resolve(owner).resolve("public.pem").toString();
    }

    private static AccessConfig config(String serviceIssuer, Optional<String> serviceKey) {
        return new AccessConfig() {
            @Override
            public boolean anonymousRead() {
                return false;
            }

            @Override
            public ServiceToken serviceToken() {
                return new ServiceToken() {
                    @Override
                    public String issuer() {
                        return serviceIssuer;
                    }

                    @Override
                    public Optional<String> verifyKeyLocation() {
                        return serviceKey;
                    }

                    @Override
                    public Duration lifetime() {
                        return LIFETIME;
                    }
                };
            }
        };
    }

    /** A verifier as a service builds it, trusting the users' key and, when given, the services' key at this location. */
    private static TokenVerifier verifier(String serviceIssuer, Optional<String> serviceKey) {
        JWTAuthContextInfo usersContext = new JWTAuthContextInfo(users.getPublic(), USERS);
        usersContext.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        return new TokenVerifier(new DefaultJWTParser(usersContext), config(serviceIssuer, serviceKey), Optional.of(USERS),
                Optional.of(file("users")), Optional.of(Set.of(Tokens.AUDIENCE)));
    }

    private static TokenVerifier verifier() {
        return verifier(SERVICES, Optional.of("file:" + file("services")));
    }

    @Test
    void aUsersTokenKeepsItsRolesAndName() {
        String token = Tokens.sign(users.getPrivate(), USERS, "alice", "Alice", Set.of(Roles.ADMIN), LIFETIME);

        Caller caller = verifier().verify("m", token);

        assertEquals(new Caller(USERS, "alice", "Alice", Set.of(Roles.ADMIN)), caller);
    }

    /**
     * Verified tokens are kept for a minute at most (TokenVerifier.verified), never past their exp:
     * a token seen and let in is refused as expired once it is, and a refused token is refused
     * again every time.
     */
    @Test
    void aTokenLetInBeforeIsRefusedOnceItHasExpiredAndARefusedOneStaysRefused() throws Exception {
        JWTAuthContextInfo noSkew = new JWTAuthContextInfo(users.getPublic(), USERS);
        noSkew.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        noSkew.setClockSkew(0); // so that the verification itself refuses the token the second its exp passes
        AtomicInteger verifications = new AtomicInteger();
        DefaultJWTParser counting = new DefaultJWTParser(noSkew) {
            @Override
            public JsonWebToken parse(String token) throws ParseException {
                verifications.incrementAndGet();
                return super.parse(token);
            }
        };
        TokenVerifier verifier = new TokenVerifier(counting, config(SERVICES, Optional.empty()),
                Optional.of(USERS), Optional.of(file("users")), Optional.of(Set.of(Tokens.AUDIENCE)));
        // exp is in whole seconds: this one expires 3 to 4 s from now.
        String shortLived = Tokens.sign(users.getPrivate(), USERS, "alice", null, Set.of(Roles.READER),
                Duration.ofSeconds(4));
        Caller first = verifier.verify("m", shortLived);
        assertEquals(first, verifier.verify("m", shortLived), "the same caller again");
        assertEquals(1, verifications.get(), "verified once, then taken at its word");
        Thread.sleep(4_600);
        UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> verifier.verify("m", shortLived));
        assertEquals("TOKEN_EXPIRED", e.reason());
        assertEquals(2, verifications.get(), "past its exp it is verified again, and refused");

        String forged = Tokens.sign(services.getPrivate(), USERS, "mallory", null, Set.of(Roles.ADMIN), LIFETIME);
        for (int i = 0; i < 2; i++) {
            assertEquals("INVALID_TOKEN", assertThrows(UnauthenticatedException.class,
                    () -> verifier.verify("m", forged)).reason());
        }
    }

    @Test
    void aServiceTokenIsReaderAtMostWhateverItClaims() {
        String token = Tokens.sign(services.getPrivate(), SERVICES, "service:incidents-service", null,
                Set.of(Roles.ADMIN, Roles.EDITOR), LIFETIME);

        Caller caller = verifier().verify("m", token);

        assertEquals("service:incidents-service", caller.subject());
        assertEquals(Set.of(Roles.READER), caller.roles());
    }

    @Test
    void aServiceTokenWithoutAnyRoleGetsNone() {
        String token = Tokens.sign(services.getPrivate(), SERVICES, "service:x", null, Set.of(), LIFETIME);
        assertEquals(Set.of(), verifier().verify("m", token).roles());
    }

    @Test
    void forgeriesAcrossTheTwoKeysAreRefused() {
        TokenVerifier verifier = verifier();
        String serviceKeyUsersIssuer = Tokens.sign(services.getPrivate(), USERS, "mallory", null, Set.of(Roles.ADMIN),
                LIFETIME);
        String usersKeyServiceIssuer = Tokens.sign(users.getPrivate(), SERVICES, "service:x", null,
                Set.of(Roles.READER), LIFETIME);
        String serviceTokenOfAPerson = Tokens.sign(services.getPrivate(), SERVICES, "mallory", null,
                Set.of(Roles.READER), LIFETIME);

        for (String forged : new String[] {serviceKeyUsersIssuer, usersKeyServiceIssuer, serviceTokenOfAPerson}) {
            UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> verifier.verify("m", forged));
            assertEquals("INVALID_TOKEN", e.reason());
        }
    }

    @Test
    void somethingThatIsNoTokenIsRefused() {
        String issArray = unsigned("{\"iss\":[\"" + SERVICES + "\"],\"sub\":\"service:x\"}");
        String issNumber = unsigned("{\"iss\":1,\"sub\":\"x\"}");
        for (String garbage : new String[] {"not-a-jwt", "a.b.c", "", "eyJhbGciOiJub25lIn0.e30.", issArray, issNumber}) {
            UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> verifier().verify("m", garbage));
            assertEquals("INVALID_TOKEN", e.reason());
        }
    }

    private static String unsigned(String claims) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + base64.encodeToString(claims.getBytes())
                + ".";
    }

    @Test
    void aServiceTokenThatLivesLongerThanAnHourIsRefused() {
        String token = Tokens.sign(services.getPrivate(), SERVICES, "service:x", null, Set.of(Roles.READER),
                Duration.ofHours(2));
        UnauthenticatedException e = assertThrows(UnauthenticatedException.class, () -> verifier().verify("m", token));
        assertEquals("INVALID_TOKEN", e.reason());
    }

    @Test
    void aServiceSignsOnlyWithThePairItsPeersVerify() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ServiceCredentials(
                config(SERVICES, Optional.of(file("users"))),
                Optional.of(keys.resolve("services").resolve("private.pem").toString()), Optional.empty(),
                "incidents-service"));
        assertTrue(e.getMessage().contains("are not one key pair"), e.getMessage());
    }

    @Test
    void withoutAServiceKeyServiceTokensAreRefused() {
        String token = Tokens.sign(services.getPrivate(), SERVICES, "service:x", null, Set.of(Roles.READER), LIFETIME);

        UnauthenticatedException e = assertThrows(UnauthenticatedException.class,
                () -> verifier(SERVICES, Optional.empty()).verify("m", token));

        assertEquals("INVALID_TOKEN", e.reason());
    }

    @Test
    void aKeySetThatCannotBeFetchedIsUnavailableNotAnInvalidToken() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JWTAuthContextInfo jwks = new JWTAuthContextInfo("http://127.0.0.1:" + closedPort + "/jwks", USERS);
        jwks.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        TokenVerifier verifier = new TokenVerifier(new DefaultJWTParser(jwks), config(SERVICES, Optional.empty()),
                Optional.of(USERS), Optional.of(jwks.getPublicKeyLocation()), Optional.of(Set.of(Tokens.AUDIENCE)));
        String token = Tokens.sign(users.getPrivate(), USERS, "alice", null, Set.of(Roles.READER), LIFETIME);

        ApiException e = assertThrows(ApiException.class, () -> verifier.verify("m", token));

        assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.code());
        assertEquals("TOKEN_KEYS_UNAVAILABLE", e.reason());
    }

    @Test
    void theServiceIssuerMustDifferFromTheUsers() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> verifier(USERS, Optional.of(file("services"))));
        assertTrue(e.getMessage().contains("must differ from MP_JWT_VERIFY_ISSUER"), e.getMessage());
    }

    @Test
    void theServicesKeyMustNotBeTheUsers() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> verifier(SERVICES, Optional.of(file("users"))));
        assertTrue(e.getMessage().contains("is the users' key"), e.getMessage());
    }

    @Test
    void aMissingServicesKeyStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> verifier(SERVICES, Optional.of(keys.resolve("nowhere.pem").toString())));
        assertTrue(e.getMessage().contains("CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION"), e.getMessage());
    }

    @Test
    void aServiceDoesNotSignWithTheUsersKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ServiceCredentials(
                config(SERVICES, Optional.empty()), Optional.of(keys.resolve("users").resolve("private.pem").toString()),
                Optional.of(file("users")), "incidents-service"));
        assertTrue(e.getMessage().contains("private half of the users' key"), e.getMessage());
    }

    @Test
    void aServiceSignsWithTheServicesKeyInTheServicesName() {
        ServiceCredentials credentials = new ServiceCredentials(config(SERVICES, Optional.empty()),
                Optional.of(keys.resolve("services").resolve("private.pem").toString()), Optional.of(file("users")),
                "incidents-service");

        Caller caller = verifier().verify("m", credentials.token());

        assertEquals(new Caller(SERVICES, "service:incidents-service", null, Set.of(Roles.READER)), caller);
    }
}
