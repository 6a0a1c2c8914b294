package org.corridorwatch.support.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;

import io.smallrye.jwt.util.KeyUtils;

/**
 * RSA key pairs for signing and verifying tokens, as PEM files: the private key in PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, what {@code smallrye.jwt.sign.key.location} reads), the
 * public key as an X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}, what
 * {@code mp.jwt.verify.publickey.location} reads). Plain Java: the local stack and tests use it
 * without CDI. Reading goes through smallrye-jwt's own PEM decoding, so a file this accepts is one
 * the services accept.
 */
public final class PemKeys {

    /** The key size of {@link #generate()}: RS256 needs at least 2048 bits. */
    public static final int RSA_KEY_BITS = 2048;

    private PemKeys() {
    }

    /** A new RSA-2048 key pair. */
    public static KeyPair generate() {
        try {
            return KeyUtils.generateKeyPair(RSA_KEY_BITS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }

    /** The key as PEM text: PRIVATE KEY for a private key, PUBLIC KEY for a public one. */
    public static String toPem(Key key) {
        String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * Writes the pair as {@code private.pem} and {@code public.pem} into {@code directory} (created
     * if needed). The private key file is readable by its owner only (where the file system has
     * POSIX permissions), and is created with those permissions, never readable by others even
     * for a moment. Refuses to overwrite an existing key.
     */
    public static void write(KeyPair pair, Path directory) throws IOException {
        Files.createDirectories(directory);
        writePrivateKey(pair.getPrivate(), directory.resolve("private.pem"));
        writePublicKey(pair.getPublic(), directory.resolve("public.pem"));
    }

    /** Writes a private key PEM file only its owner can read; refuses to overwrite one. */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, toPem(key), StandardCharsets.US_ASCII);
    }

    /** Writes a public key PEM file. */
    public static void writePublicKey(PublicKey key, Path file) throws IOException {
        Files.writeString(file, toPem(key), StandardCharsets.US_ASCII);
    }

    /** Reads a PKCS#8 RSA private key PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM RSA private key (PKCS#8, BEGIN PRIVATE KEY)", e);
        }
    }

    /** Reads an RSA public key PEM file (BEGIN PUBLIC KEY). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyUtils.decodePublicKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM RSA public key (BEGIN PUBLIC KEY)", e);
        }
    }

    /**
     * The PEM public key in a local file (a path, with or without {@code file:}); empty for anything
     * else (a JWKS URL, a classpath resource, a missing file, one that is not a PEM public key).
     */
    public static Optional<PublicKey> readLocalPublicKey(String location) {
        if (!location.startsWith("file:") && location.contains(":")) {
            return Optional.empty();
        }
        try {
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Files.isRegularFile(path) ? Optional.of(readPublicKey(path)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The public half of an RSA private key that carries it (PKCS#8 keys do); empty otherwise. */
    public static Optional<PublicKey> publicKeyOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                    rsa.getPublicExponent())));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
