package org.corridorwatch.cli;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The exit codes scripts rely on, and errors as one line for people: the status, the service's
 * message, the ErrorInfo reason and every field violation, never a stack trace.
 */
final class Failures {

    static final int OK = 0;
    /** Anything not below: a failure of the service or of this program. */
    static final int FAILED = 1;
    /** The command line is wrong: an unknown option, a missing argument, a value of the wrong form. */
    static final int USAGE = 2;
    /** The service (or, before sending, this program) refused the input: invalid, not found, conflicting, not allowed. */
    static final int REFUSED = 3;
    /** The service could not be reached or did not answer in time: try again later. */
    static final int UNAVAILABLE = 4;

    private Failures() {
    }

    /** A failure to report as one line, with its exit code. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    static int exitCode(Code code) {
        return switch (code) {
            case OK -> OK;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND, ALREADY_EXISTS, ABORTED,
                    PERMISSION_DENIED, UNAUTHENTICATED -> REFUSED;
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> UNAVAILABLE;
            default -> FAILED;
        };
    }

    /**
     * The exit code of a failed call: by its status, but a request over the service's size limit
     * (RESOURCE_EXHAUSTED, reason REQUEST_TOO_LARGE) is refused input, not a busy service.
     */
    static int exitCode(StatusRuntimeException e) {
        com.google.rpc.Status status = status(e);
        if (status != null) {
            for (Any detail : status.getDetailsList()) {
                try {
                    if (detail.is(ErrorInfo.class) && detail.unpack(ErrorInfo.class).getReason().equals("REQUEST_TOO_LARGE")) {
                        return REFUSED;
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // No reason to go by: the status code decides.
                }
            }
        }
        return exitCode(e.getStatus().getCode());
    }

    /** The call's google.rpc.Status with its details; null when it has none (or they do not parse). */
    private static com.google.rpc.Status status(StatusRuntimeException e) {
        try {
            return StatusProto.fromThrowable(e);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** A failed call as one line. */
    static String describe(StatusRuntimeException e) {
        com.google.rpc.Status status = status(e);
        if (status == null) {
            String description = e.getStatus().getDescription();
            return e.getStatus().getCode() + (description == null ? "" : ": " + description)
                    + (e.getStatus().getCode() == Code.UNAVAILABLE ? hint(e) : "");
        }
        return describe(status) + (e.getStatus().getCode() == Code.UNAVAILABLE ? hint(e) : "");
    }

    private static String hint(StatusRuntimeException e) {
        return e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "";
    }

    /** A google.rpc.Status (of a call, or of one imported record) as one line. */
    static String describe(com.google.rpc.Status status) {
        StringBuilder line = new StringBuilder(io.grpc.Status.fromCodeValue(status.getCode()).getCode().name());
        if (!status.getMessage().isEmpty()) {
            line.append(": ").append(status.getMessage().replace('\n', ' '));
        }
        List<String> violations = new ArrayList<>();
        for (Any detail : status.getDetailsList()) {
            try {
                String reason = detail.is(ErrorInfo.class) ? detail.unpack(ErrorInfo.class).getReason() : "";
                if (!reason.isEmpty() && !reason.equals(io.grpc.Status.fromCodeValue(status.getCode()).getCode().name())) {
                    line.append(" [").append(reason).append(']');
                } else if (detail.is(BadRequest.class)) {
                    for (BadRequest.FieldViolation violation : detail.unpack(BadRequest.class).getFieldViolationsList()) {
                        String violationText = violation.getField() + ": " + violation.getDescription();
                        // The service's message often names the violations already.
                        if (!status.getMessage().contains(violationText)) {
                            violations.add(violationText);
                        }
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                // A detail that does not parse adds nothing to the line; the status says enough.
            }
        }
        if (!violations.isEmpty()) {
            line.append(" — ").append(String.join("; ", violations));
        }
        return line.toString();
    }
}
