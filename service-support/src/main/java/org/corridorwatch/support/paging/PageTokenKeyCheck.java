package org.corridorwatch.support.paging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Resolves the page-token key when the service starts rather than on its first List call: a key
 * too short fails the start-up, and the warning about an unset key appears in the start-up log.
 */
@ApplicationScoped
class PageTokenKeyCheck {

    void check(@Observes StartupEvent event) {
        PageTokenKey.configured();
    }
}
