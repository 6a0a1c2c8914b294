package org.corridorwatch.support.references;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service checks references with the services that own them
 * (CORRIDORWATCH_REFERENCES_DEADLINE, _ATTEMPTS, _BACKOFF in the environment).
 */
@ConfigMapping(prefix = "corridorwatch.references")
public interface ReferencesConfig {

    /** How long one BatchGet call may take before the other service counts as unreachable. */
    @WithDefault("2s")
    Duration deadline();

    /** How many calls at most while the other service answers UNAVAILABLE. */
    @WithDefault("3")
    int attempts();

    /** The pause before the first retry; the n-th retry waits n times as long. */
    @WithDefault("200ms")
    Duration backoff();

    /** A checker with these settings. */
    default ReferenceChecker checker() {
        return new ReferenceChecker(deadline(), attempts(), backoff());
    }
}
