package org.corridorwatch.support.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the service lets callers in (CORRIDORWATCH_AUTH_* in the environment). Token verification
 * itself is configured with the standard MP-JWT keys (mp.jwt.verify.*), read by smallrye-jwt.
 */
@ConfigMapping(prefix = "corridorwatch.auth")
public interface AccessConfig {

    /**
     * When true, reader RPCs need no token (a token that is sent is still verified, and refused
     * when invalid). Writes always need one. For public read-only deployments.
     */
    @WithDefault("false")
    boolean anonymousRead();

    /** The token this service sends with its own calls to other services (reference checks). */
    ServiceToken serviceToken();

    interface ServiceToken {

        /** Its {@code iss}; unset, the issuer this deployment verifies (mp.jwt.verify.issuer). */
        Optional<String> issuer();

        /** How long one token is valid; it is reused until a minute before it expires. */
        @WithDefault("5m")
        Duration lifetime();
    }
}
