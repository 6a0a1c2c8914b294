package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;

import io.grpc.Status;

/**
 * An error the API reports to its caller on purpose: a canonical code, a reason for
 * {@code google.rpc.ErrorInfo}, an English message safe to show, and optional further details.
 * The central {@link GrpcErrorMapper} turns it into a {@code google.rpc.Status}.
 */
public class ApiException extends RuntimeException {

    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<Message> details;

    public ApiException(Status.Code code, String reason, String message, Map<String, String> metadata,
            List<Message> details) {
        super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.details = List.copyOf(details);
    }

    public Status.Code code() {
        return code;
    }

    /** UPPER_SNAKE_CASE reason for ErrorInfo. */
    public String reason() {
        return reason;
    }

    /** ErrorInfo metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Further google.rpc details (BadRequest, ResourceInfo, PreconditionFailure ...). */
    public List<Message> details() {
        return details;
    }
}
