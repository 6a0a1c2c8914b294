package org.corridorwatch.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL the benchmark runs on (zonky's binaries, the same the tests use), its
 * data in a folder under target/ so that a second run with the same sizes reuses it, and the SQL
 * that fills the services' schemas.
 */
final class BenchDatabase implements AutoCloseable {

    static final List<String> DATABASES = List.of("incidents", "investments", "diplomacy");

    private final EmbeddedPostgres server;
    private final int port;

    BenchDatabase(Path dataDirectory, int port) throws IOException {
        this.port = port;
        Files.createDirectories(dataDirectory);
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    void createDatabases() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String name : DATABASES) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE " + name);
            }
        }
    }

    /**
     * Runs the resource data/{database}.sql with its ${placeholders} replaced. The secondary indexes
     * the migrations made are dropped first and re-created after, with their own definitions: a bulk
     * build is much faster than maintaining a GIN index row by row.
     */
    void fill(String database, Map<String, Long> sizes) throws SQLException {
        String sql = resource("data/" + database + ".sql");
        for (var size : sizes.entrySet()) {
            sql = sql.replace("${" + size.getKey() + "}", Long.toString(size.getValue()));
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '512MB'");
            List<String> names = new ArrayList<>();
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT i.indexname, i.indexdef FROM pg_indexes i"
                    + " WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                    + " WHERE k.conindid = (quote_ident(i.indexname))::regclass)")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    indexes.add(rs.getString(2));
                }
            }
            for (String name : names) {
                s.execute("DROP INDEX " + name);
            }
            s.execute(sql);
            for (String index : indexes) {
                s.execute(index);
            }
            s.execute("VACUUM ANALYZE");
        }
    }

    private static String resource(String name) {
        try (InputStream in = BenchDatabase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the benchmark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
