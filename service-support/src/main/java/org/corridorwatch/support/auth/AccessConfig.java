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

        /**
         * The {@code iss} of the services' own tokens: the one this service signs, and the one by
         * which it tells a service's token from a user's (TokenVerifier). Must differ from the
         * users' issuer (mp.jwt.verify.issuer).
         */
        @WithDefault("urn:corridorwatch:service")
        String issuer();

        /**
         * The PEM public key that verifies the services' own tokens (the public half of their
         * signing key, smallrye.jwt.sign.key.location). Unset, this service accepts no service
         * tokens: the services that others check references with (incidents, investments) need it.
         */
        Optional<String> verifyKeyLocation();

        /** How long one token is valid; it is reused until a minute before it expires. */
        @WithDefault("5m")
        Duration lifetime();
    }
}
