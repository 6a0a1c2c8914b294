package org.corridorwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a real PostgreSQL server (zonky's embedded binaries, no Docker needed) for
 * {@code @QuarkusTest} and points the datasource at it.
 *
 * <p>When {@code QUARKUS_DATASOURCE_JDBC_URL} is set in the environment, nothing is started and the
 * tests use that database instead (Quarkus reads the variable itself).
 *
 * <p>Tests that check what happens when the database goes away can {@link #stopDatabase()} and
 * {@link #startDatabase()} it again: the server comes back on the same port with the same data.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;
    private static Path dataDirectory;
    private static int port;

    /** Whether the tests run on the embedded server (and so may stop and start it). */
    public static boolean isEmbedded() {
        return dataDirectory != null;
    }

    @Override
    public Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return Map.of();
        }
        try {
            dataDirectory = Files.createTempDirectory("corridorwatch-pg-");
            // Not "clean": zonky would delete the data when the server stops, and stopDatabase() must keep it.
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
        port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
            deleteDataDirectory();
        }
    }

    private static void deleteDataDirectory() {
        if (dataDirectory == null) {
            return;
        }
        try (var paths = Files.walk(dataDirectory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dataDirectory, e);
        }
    }

    /** Stops the server, keeping its data. */
    public static synchronized void stopDatabase() throws IOException {
        postgres.close();
    }

    /** Starts the server again on the same port with the data it had. */
    public static synchronized void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();
    }
}
