package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import io.grpc.Status;

/**
 * UNAUTHENTICATED: the call carries no usable credentials. The reason says which case, and no more:
 * what exactly was wrong with a token (which claim, which key) is logged by the server, never told
 * to the caller, as it would help an attacker shape the next attempt.
 */
public final class UnauthenticatedException extends ApiException {

    /** No {@code authorization} metadata. */
    public static final String MISSING_CREDENTIALS = "MISSING_CREDENTIALS";
    /** The token's {@code exp} has passed. */
    public static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";
    /** The token's {@code nbf} (or {@code iat}) lies in the future. */
    public static final String TOKEN_NOT_YET_VALID = "TOKEN_NOT_YET_VALID";
    /** Malformed, not bearer, bad or no signature, wrong issuer or audience, missing claims. */
    public static final String INVALID_TOKEN = "INVALID_TOKEN";

    private UnauthenticatedException(String reason, String message) {
        super(Status.Code.UNAUTHENTICATED, reason, message, Map.of(), List.of());
    }

    public static UnauthenticatedException missingCredentials() {
        return new UnauthenticatedException(MISSING_CREDENTIALS,
                "This method needs a bearer token: send `authorization: Bearer <token>` metadata.");
    }

    public static UnauthenticatedException expired() {
        return new UnauthenticatedException(TOKEN_EXPIRED, "The bearer token has expired; get a new one.");
    }

    public static UnauthenticatedException notYetValid() {
        return new UnauthenticatedException(TOKEN_NOT_YET_VALID,
                "The bearer token is not valid yet; check the clocks of the issuer and the client.");
    }

    public static UnauthenticatedException invalid() {
        return new UnauthenticatedException(INVALID_TOKEN,
                "The bearer token is not valid for this service.");
    }
}
