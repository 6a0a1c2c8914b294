package org.corridorwatch.support.feed;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongConsumer;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for the revision store's notifications ({@code pg_notify('revisions', sequence)}, sent
 * by PostgreSQL when a revision commits) on one connection of its own, outside the pool, and
 * reports each new end of the feed. One daemon thread blocks in pgjdbc's
 * {@link PGConnection#getNotifications(int)}, so a commit wakes the streams within milliseconds
 * without any polling. When the connection fails it reconnects with backoff, and on every
 * (re)connect, and every {@code safetyPoll} besides, it reads the end from revision_clock: a
 * notification sent while it was not listening is never waited for.
 */
final class RevisionNotifications {

    private static final Logger LOG = Logger.getLogger(RevisionNotifications.class);
    private static final String CHANNEL = "revisions";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String jdbcUrl;
    private final Properties properties = new Properties();
    private final Duration safetyPoll;
    private final LongConsumer end;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    /** @param end told each new end of the feed (the sequence of a committed revision), from the listening thread */
    RevisionNotifications(String jdbcUrl, Optional<String> username, Optional<String> password, Duration safetyPoll,
            LongConsumer end) {
        this.jdbcUrl = jdbcUrl;
        this.safetyPoll = safetyPoll;
        this.end = end;
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        // A half-open connection would block the safety poll's query for ever: fail it, and
        // reconnect. Longer than any wait for notifications (at most one safety poll).
        properties.setProperty("socketTimeout", Long.toString(Math.max(30, 3 * safetyPoll.toSeconds())));
        properties.setProperty("ApplicationName", "corridorwatch change feed");
        this.thread = new Thread(this::run, "change-feed-listener");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        closeQuietly(connection);
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        boolean warned = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (warned) {
                    LOG.info("Change feed: listening for revisions again");
                }
                warned = false;
                backoff = Duration.ofMillis(200);
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    // Once per outage; the streams still end or resume through their own reads.
                    LOG.warnf("Change feed: the listening connection failed (%s); reconnecting", e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        end.accept(lastSequence(c)); // what committed before LISTEN took effect
        long nextPoll = System.nanoTime() + safetyPoll.toNanos();
        while (running) {
            long waitMillis = Math.max(1, (nextPoll - System.nanoTime()) / 1_000_000);
            PGNotification[] notifications = pg.getNotifications((int) Math.min(waitMillis, Integer.MAX_VALUE));
            long newest = -1;
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    if (CHANNEL.equals(notification.getName())) {
                        newest = Math.max(newest, parse(notification.getParameter()));
                    }
                }
            }
            if (System.nanoTime() - nextPoll >= 0) {
                newest = Math.max(newest, lastSequence(c));
                nextPoll = System.nanoTime() + safetyPoll.toNanos();
            }
            if (newest >= 0) {
                end.accept(newest);
            }
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return -1; // not the trigger's: ignored (the safety poll still finds the end)
        }
    }

    private static long lastSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_sequence FROM revision_clock")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing to stop: nothing to do
            }
        }
    }
}
