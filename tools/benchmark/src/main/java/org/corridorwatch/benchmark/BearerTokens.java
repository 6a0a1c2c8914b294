package org.corridorwatch.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The key pair the services verify bearer tokens with (as PEM files for MP JWT), and the admin token
 * the load client sends on every call. Services that do not check tokens yet ignore the header.
 */
final class BearerTokens {

    static final String ISSUER = "https://bench.corridorwatch.invalid";
    static final String AUDIENCE = "corridorwatch";

    private final KeyPair keys;
    final Path publicKeyPem;
    final Path privateKeyPem;
    /** The services' own pair, for their reference-check tokens (never the users' one). */
    final Path servicePublicKeyPem;
    final Path servicePrivateKeyPem;

    BearerTokens(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            Files.createDirectories(directory);
            publicKeyPem = directory.resolve("jwt-public.pem");
            privateKeyPem = directory.resolve("jwt-private.pem");
            Files.writeString(publicKeyPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            KeyPair services = generator.generateKeyPair();
            servicePublicKeyPem = directory.resolve("service-public.pem");
            servicePrivateKeyPem = directory.resolve("service-private.pem");
            Files.writeString(servicePublicKeyPem, pem("PUBLIC KEY", services.getPublic().getEncoded()));
            Files.writeString(servicePrivateKeyPem, pem("PRIVATE KEY", services.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings that make a service trust these keys and this issuer, and sign its own tokens. */
    Map<String, String> serviceEnvironment() {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKeyPem.toString(),
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", AUDIENCE,
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", servicePrivateKeyPem.toString(),
                "CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION", servicePublicKeyPem.toString());
    }

    /** An RS256 token of the group "admin", valid for {@code validMinutes}. */
    String adminToken(int validMinutes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("benchmark");
        claims.setAudience(AUDIENCE);
        claims.setStringListClaim("groups", List.of("admin"));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(validMinutes);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign the benchmark token", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
