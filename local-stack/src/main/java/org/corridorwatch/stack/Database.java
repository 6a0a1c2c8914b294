package org.corridorwatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL server the stack runs on: an embedded one (zonky's binaries, no Docker) whose
 * data stays in a folder across restarts, or one the operator gives by URL. Each service gets a
 * database of its own, named after it, and migrates it itself.
 */
public abstract class Database implements AutoCloseable {

    /** JDBC URL of the server, without a database: {@code jdbc:postgresql://host:port/}. */
    abstract String serverUrl();

    abstract String username();

    abstract String password();

    /** Stops the server (embedded only). */
    abstract void stop();

    /** Starts it again with the data it had (embedded only). */
    abstract void start();

    @Override
    public void close() {
        stop();
    }

    String jdbcUrl(String database) {
        return serverUrl() + database;
    }

    /** Creates the databases that do not exist yet. */
    void createDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username(), password())) {
            for (String name : names) {
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = c.createStatement()) {
                    // Names are the stack's own constants, never user input.
                    create.execute("CREATE DATABASE \"" + name + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the services' databases on " + serverUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An embedded server in {@code dataDirectory}, listening on {@code port}. */
    static Database embedded(Path dataDirectory, int port) {
        return new Embedded(dataDirectory, port);
    }

    /** {@code serverUrl} ending in "/", so that a database name can be appended. */
    static String serverUrlOf(String serverUrl) {
        return serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    }

    /** A server the operator runs; {@code serverUrl} like {@code jdbc:postgresql://db:5432/}. */
    static Database external(String serverUrl, String username, String password) {
        String url = serverUrlOf(serverUrl);
        return new Database() {
            @Override
            String serverUrl() {
                return url;
            }

            @Override
            String username() {
                return username;
            }

            @Override
            String password() {
                return password;
            }

            @Override
            void stop() {
                // Not ours to stop.
            }

            @Override
            void start() {
                throw new UnsupportedOperationException("the stack does not run this database");
            }
        };
    }

    private static final class Embedded extends Database {

        private final Path dataDirectory;
        private final int port;
        private EmbeddedPostgres server;

        Embedded(Path dataDirectory, int port) {
            this.dataDirectory = dataDirectory;
            this.port = port;
            start();
        }

        @Override
        String serverUrl() {
            return "jdbc:postgresql://localhost:" + port + "/";
        }

        @Override
        String username() {
            return "postgres";
        }

        @Override
        String password() {
            return "postgres";
        }

        @Override
        synchronized void start() {
            try {
                Files.createDirectories(dataDirectory);
                // Not "clean": the data must outlive the server. No shutdown hook of zonky's own: it
                // would stop PostgreSQL while the services are still being stopped gracefully; the
                // stack's close() stops the database itself, after the services.
                server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
            }
        }

        @Override
        synchronized void stop() {
            if (server == null) {
                return;
            }
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }
}
