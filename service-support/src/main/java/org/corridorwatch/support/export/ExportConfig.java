package org.corridorwatch.support.export;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The exports' limits ({@code corridorwatch.export.*}; README "Export"). */
@ConfigMapping(prefix = "corridorwatch.export")
public interface ExportConfig {

    /**
     * How many exports this process serves at once; one more is refused with RESOURCE_EXHAUSTED.
     * Each holds a pooled database connection (its snapshot) for as long as it runs, and uses a
     * second one for each page: keep it well below the connection pool's size.
     */
    @WithDefault("4")
    int maxExports();

    /** How many records an export reads from the database at a time (a page; it holds two at most: one read ahead). */
    @WithDefault("500")
    int batchSize();

    /** Threads that read pages for all exports. */
    @WithDefault("2")
    int readThreads();

    /**
     * How long an export may wait for its client to take more before it is ended (ABORTED,
     * EXPORT_STALLED): a stalled client would otherwise hold its connection, its slot and a
     * snapshot that keeps VACUUM from the whole database for ever.
     */
    @WithDefault("5m")
    Duration maxStall();
}
