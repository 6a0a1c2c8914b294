package org.corridorwatch.support.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Asks PostgreSQL whether it answers, over a connection of its own, outside the connection pool.
 * A pool that is busy (every connection lent to a request, new ones waiting up to the acquisition
 * timeout) says nothing about the database: readiness that borrowed from the pool took seconds to
 * notice a database restart under load, missed a short one altogether, and would take a healthy
 * but busy instance out of rotation.
 *
 * <p>The connection is kept between probes and checked with {@link Connection#isValid}; when the
 * database drops it (a restart does), the next probe opens a new one. Every network step is bounded
 * by the timeout. Used by one thread at a time.
 */
final class DatabaseProbe implements AutoCloseable {

    private final String jdbcUrl;
    private final Properties properties;
    private final int timeoutSeconds;
    private Connection connection;
    private volatile String lastProblem = "";

    DatabaseProbe(String jdbcUrl, Optional<String> username, Optional<String> password, Duration timeout) {
        this.jdbcUrl = jdbcUrl;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        // PostgreSQL JDBC driver settings, in seconds: no step of a probe may hang.
        String seconds = Integer.toString(timeoutSeconds);
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("ApplicationName", "corridorwatch readiness probe");
    }

    /** Whether the database answers now. */
    boolean reachable() {
        try {
            if (connection != null && connection.isValid(timeoutSeconds)) {
                lastProblem = "";
                return true;
            }
            closeConnection();
            connection = DriverManager.getConnection(jdbcUrl, properties);
            if (connection.isValid(timeoutSeconds)) {
                lastProblem = "";
                return true;
            }
            lastProblem = "the database did not answer within " + timeoutSeconds + " s";
        } catch (SQLException e) {
            lastProblem = e.getMessage();
        }
        closeConnection();
        return false;
    }

    /** Why the last probe failed (the driver's words, for operators), empty when it succeeded. */
    String lastProblem() {
        return lastProblem;
    }

    @Override
    public void close() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // It is being thrown away because it is broken.
            }
            connection = null;
        }
    }
}
