package org.corridorwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for {@code localhost} and 127.0.0.1 made for one test run with the JDK's own keytool, written as
 * the PEM files a deployment configures (README "TLS"): {@code cert.pem} (also the CA the client
 * trusts: it is self-signed) and {@code key.pem} (PKCS#8).
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    private static final String PASSWORD = "test-only";

    private static SelfSignedCertificate shared;

    /** One certificate for the whole test JVM (keytool takes a second or two). */
    public static synchronized SelfSignedCertificate shared() {
        if (shared == null) {
            shared = generate();
        }
        return shared;
    }

    /**
     * The config under which the app under test serves TLS with this certificate on
     * {@code tlsPort} (CORRIDORWATCH_TLS_CERT / _KEY, the names a deployment sets), and the test's
     * gRPC client {@code client} calls it there over TLS, trusting it (self-signed, so its own CA).
     * In test mode that client would otherwise dial the TLS port in plaintext.
     */
    public Map<String, String> servedOn(int tlsPort, String client) {
        return Map.of(
                "CORRIDORWATCH_TLS_CERT", certificate.toString(),
                "CORRIDORWATCH_TLS_KEY", privateKey.toString(),
                "quarkus.http.test-ssl-port", Integer.toString(tlsPort),
                "quarkus.grpc.clients." + client + ".test-port", Integer.toString(tlsPort),
                "quarkus.grpc.clients." + client + ".ssl.trust-store", certificate.toString());
    }

    /** A loopback port that is free now (for a test profile's fixed ports). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SelfSignedCertificate generate() {
        try {
            Path directory = Files.createTempDirectory("corridorwatch-tls-");
            Path keyStore = directory.resolve("server.p12");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            Certificate certificate = store.getCertificate("server");
            Key key = store.getKey("server", PASSWORD.toCharArray());
            SelfSignedCertificate files = new SelfSignedCertificate(directory.resolve("cert.pem"),
                    directory.resolve("key.pem"));
            Files.writeString(files.certificate(), pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(files.privateKey(), pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            directory.toFile().deleteOnExit();
            for (Path file : List.of(keyStore, files.certificate(), files.privateKey())) {
                file.toFile().deleteOnExit();
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
