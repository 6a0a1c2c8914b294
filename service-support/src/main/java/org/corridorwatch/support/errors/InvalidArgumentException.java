package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import io.grpc.Status;

/** INVALID_ARGUMENT with a {@code google.rpc.BadRequest} listing every field violation. */
public class InvalidArgumentException extends ApiException {

    private final List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        super(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", summary(violations),
                Map.of("violations", Integer.toString(violations.size())),
                List.of(BadRequest.newBuilder().addAllFieldViolations(violations).build()));
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
        return "Invalid request: " + violations.size() + " fields are invalid; see the BadRequest details.";
    }
}
