package org.corridorwatch.support.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.corridorwatch.support.resources.StandardMethods;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Gives every record stored before the revision store existed its first revision, so that history,
 * as-of reads and the change feed cover old records too: after startup, in the background, in
 * batches of one transaction each, until none is left (then it costs one query per start).
 * Writes are served meanwhile; a record written before its turn starts its history with that
 * write instead. {@code corridorwatch.history.backfill=false} turns it off (the benchmark, whose
 * million generated rows need no history).
 */
@ApplicationScoped
public class HistoryBackfill {

    private static final Logger LOG = Logger.getLogger(HistoryBackfill.class);
    private static final int BATCH = 500;

    private final Instance<StandardMethods<?, ?, ?>> resources;
    private final boolean enabled;

    public HistoryBackfill(@Any Instance<StandardMethods<?, ?, ?>> resources,
            @ConfigProperty(name = "corridorwatch.history.backfill", defaultValue = "true") boolean enabled) {
        this.resources = resources;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(this::run, "history-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (StandardMethods<?, ?, ?> resource : resources) {
            try {
                long total = 0;
                for (int given = resource.backfillHistory(BATCH); given > 0; given = resource.backfillHistory(BATCH)) {
                    total += given;
                }
                if (total > 0) {
                    LOG.infof("History backfill: %d records stored before revisions were kept got their first revision",
                            total);
                }
            } catch (RuntimeException e) {
                // Retried at the next start; until then those records' history begins with their next write.
                LOG.warn("History backfill stopped; it resumes at the next start", e);
            }
        }
    }
}
