package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import io.grpc.Status;

/**
 * PERMISSION_DENIED: the caller is known but may not call the method. ErrorInfo metadata
 * {@code required_role} names the least role that may.
 */
public final class PermissionDeniedException extends ApiException {

    /** The token holds neither the method's required role nor a higher one. */
    public static final String MISSING_ROLE = "MISSING_ROLE";
    /** The method has no required role in the contract: refused to everyone (a contract bug). */
    public static final String NO_ACCESS_RULE = "NO_ACCESS_RULE";

    private PermissionDeniedException(String reason, String message, Map<String, String> metadata) {
        super(Status.Code.PERMISSION_DENIED, reason, message, metadata, List.of());
    }

    public static PermissionDeniedException missingRole(String method, String requiredRole) {
        return new PermissionDeniedException(MISSING_ROLE,
                method + " requires the role " + requiredRole + " (or a higher one), which the token does not grant.",
                Map.of("required_role", requiredRole));
    }

    public static PermissionDeniedException noAccessRule(String method) {
        return new PermissionDeniedException(NO_ACCESS_RULE,
                method + " has no access rule in the contract, so nobody may call it.", Map.of("method", method));
    }
}
