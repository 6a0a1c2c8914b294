package org.corridorwatch.support.references;

import java.time.Duration;

import org.corridorwatch.support.auth.ServiceCredentials;

import io.quarkus.arc.Arc;

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

    /**
     * A checker with these settings, calling with the service's own credentials
     * ({@link ServiceCredentials}, looked up here because a config mapping cannot be injected with
     * beans; created on the first call, so a service without a signing key fails as it starts).
     */
    default ReferenceChecker checker() {
        return new ReferenceChecker(deadline(), attempts(), backoff(),
                Arc.container().instance(ServiceCredentials.class).get());
    }
}
