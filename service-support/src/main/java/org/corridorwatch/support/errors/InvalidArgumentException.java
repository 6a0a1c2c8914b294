package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import io.grpc.Status;

/**
 * INVALID_ARGUMENT with a {@code google.rpc.BadRequest} listing the field violations: every one of
 * them, up to {@link #MAX_LISTED}. The details travel in a trailer, and gRPC clients refuse
 * trailers over 8 KiB by default (grpc-java), which would turn the answer into an INTERNAL error;
 * past the cap the message and {@code ErrorInfo.metadata["violations"]} give the full count.
 */
public class InvalidArgumentException extends ApiException {

    /** How many violations the BadRequest lists at most. */
    public static final int MAX_LISTED = 25;

    private final List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        this("INVALID_ARGUMENT", violations);
    }

    /**
     * With a reason of its own for ErrorInfo, when clients must tell this refusal from other bad
     * requests because they recover from it differently (INVALID_RESUME_TOKEN).
     */
    public InvalidArgumentException(String reason, List<FieldViolation> violations) {
        super(Status.Code.INVALID_ARGUMENT, reason, summary(violations),
                Map.of("violations", Integer.toString(violations.size())),
                List.of(BadRequest.newBuilder()
                        .addAllFieldViolations(violations.subList(0, Math.min(violations.size(), MAX_LISTED)))
                        .build()));
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String summary(List<FieldViolation> violations) {
        if (violations.size() == 1) {
            FieldViolation only = violations.get(0);
            return "Invalid request: " + only.getField() + ": " + only.getDescription();
        }
        if (violations.size() > MAX_LISTED) {
            return "Invalid request: " + violations.size() + " fields are invalid; the BadRequest details list the first "
                    + MAX_LISTED + ".";
        }
        return "Invalid request: " + violations.size() + " fields are invalid; see the BadRequest details.";
    }
}
