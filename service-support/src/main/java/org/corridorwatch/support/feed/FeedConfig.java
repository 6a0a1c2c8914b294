package org.corridorwatch.support.feed;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The change feed's limits ({@code corridorwatch.feed.*}; README "Change feed"). */
@ConfigMapping(prefix = "corridorwatch.feed")
public interface FeedConfig {

    /**
     * How many Watch streams this process serves at once; one more is refused with
     * RESOURCE_EXHAUSTED. An open stream holds no database connection and at most one batch of
     * changes, so the limit guards memory and the read threads, not the database.
     */
    @WithDefault("500")
    int maxWatchers();

    /** How many changes a stream reads from the database at a time (and holds at most). */
    @WithDefault("100")
    int batchSize();

    /**
     * Threads that read changes for all streams. Each read is one short query on a pooled
     * connection, so a few threads serve many streams; keep it well below the connection pool.
     */
    @WithDefault("4")
    int readThreads();

    /**
     * How often the listener asks the database for the feed's end even without a notification:
     * a fallback only (NOTIFY wakes the streams at once), for a notification lost with a dropped
     * listening connection.
     */
    @WithDefault("10s")
    Duration safetyPoll();
}
