package org.corridorwatch.support.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

class TokensTest {

    private static final String ISSUER = "https://issuer.test";

    @TempDir
    Path keys;

    /** What the services do: verify with smallrye-jwt against the public key and issuer. */
    private static JsonWebToken verify(String token, KeyPair pair) throws ParseException {
        JWTAuthContextInfo context = new JWTAuthContextInfo(pair.getPublic(), ISSUER);
        context.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        return new DefaultJWTParser(context).parse(token);
    }

    @Test
    void aSignedTokenVerifiesWithItsClaims() throws Exception {
        KeyPair pair = PemKeys.generate();
        String token = Tokens.sign(pair.getPrivate(), ISSUER, "alice", "Alice Analyst", Set.of(Roles.EDITOR),
                Duration.ofMinutes(5));

        JsonWebToken jwt = verify(token, pair);
        assertEquals(ISSUER, jwt.getIssuer());
        assertEquals("alice", jwt.getSubject());
        assertEquals(Set.of(Tokens.AUDIENCE), jwt.getAudience());
        assertEquals(Set.of(Roles.EDITOR), jwt.getGroups());
        assertEquals("Alice Analyst", jwt.getClaim("name"));
        assertEquals(300, jwt.getExpirationTime() - jwt.getIssuedAtTime());
    }

    @Test
    void withoutADisplayNameThereIsNoNameClaim() throws Exception {
        KeyPair pair = PemKeys.generate();
        String token = Tokens.sign(pair.getPrivate(), ISSUER, "svc", null, Set.of(Roles.READER), Duration.ofMinutes(1));
        assertNull(verify(token, pair).getClaim("name"));
    }

    @Test
    void anotherKeysSignatureIsRefused() {
        KeyPair pair = PemKeys.generate();
        String token = Tokens.sign(PemKeys.generate().getPrivate(), ISSUER, "alice", null, Set.of(Roles.READER),
                Duration.ofMinutes(5));
        assertThrows(ParseException.class, () -> verify(token, pair));
    }

    @Test
    void anExpiredOrNotYetValidTokenIsRefused() {
        KeyPair pair = PemKeys.generate();
        Instant now = Instant.now();
        String expired = Tokens.sign(pair.getPrivate(), ISSUER, Tokens.AUDIENCE, "alice", null, Set.of(Roles.READER),
                now.minusSeconds(3600), now.minusSeconds(3600), now.minusSeconds(600));
        String early = Tokens.sign(pair.getPrivate(), ISSUER, Tokens.AUDIENCE, "alice", null, Set.of(Roles.READER),
                now, now.plusSeconds(3600), now.plusSeconds(7200));
        assertThrows(ParseException.class, () -> verify(expired, pair));
        assertThrows(ParseException.class, () -> verify(early, pair));
    }

    @Test
    void keysRoundTripThroughPemFilesAndThePrivateOneIsTheOwnersOnly() throws Exception {
        KeyPair pair = PemKeys.generate();
        PemKeys.write(pair, keys);

        assertEquals(pair.getPrivate(), PemKeys.readPrivateKey(keys.resolve("private.pem")));
        assertEquals(pair.getPublic(), PemKeys.readPublicKey(keys.resolve("public.pem")));
        assertTrue(Files.readString(keys.resolve("private.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(keys.resolve("public.pem")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))));
        assertThrows(FileAlreadyExistsException.class, () -> PemKeys.write(PemKeys.generate(), keys));
    }

    @Test
    void rolesAreHierarchical() {
        assertTrue(Roles.grants(Set.of(Roles.ADMIN), Roles.READER));
        assertTrue(Roles.grants(Set.of(Roles.ADMIN), Roles.ADMIN));
        assertTrue(Roles.grants(Set.of("other", Roles.EDITOR), Roles.EDITOR));
        assertFalse(Roles.grants(Set.of(Roles.EDITOR), Roles.ADMIN));
        assertFalse(Roles.grants(Set.of(Roles.READER), Roles.EDITOR));
        assertFalse(Roles.grants(Set.of(), Roles.READER));
        assertFalse(Roles.grants(Set.of("Admin"), Roles.READER));
    }
}
