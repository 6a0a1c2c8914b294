package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import com.google.rpc.PreconditionFailure;

import io.grpc.Status;

/**
 * FAILED_PRECONDITION: the request is well formed but the resource is not in a state that allows
 * it (AIP-193). Carries a {@code google.rpc.PreconditionFailure} naming the broken rule as its
 * violation type, so clients can tell the rules apart without parsing the message.
 */
public final class FailedPreconditionException extends ApiException {

    /**
     * @param reason ErrorInfo reason, e.g. "ILLEGAL_STATUS_TRANSITION"
     * @param rule the broken rule, e.g. "FINAL_STATUS": the violation's type and metadata["rule"]
     * @param subject the resource the rule is about, e.g. "deals/ml-1"
     * @param description what is wrong and what is allowed instead
     * @param metadata further ErrorInfo metadata
     */
    public FailedPreconditionException(String reason, String rule, String subject, String description,
            Map<String, String> metadata) {
        super(Status.Code.FAILED_PRECONDITION, reason, description, withRule(metadata, rule),
                List.of(PreconditionFailure.newBuilder().addViolations(PreconditionFailure.Violation.newBuilder()
                        .setType(rule).setSubject(subject).setDescription(description)).build()));
    }

    private static Map<String, String> withRule(Map<String, String> metadata, String rule) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(metadata);
        all.put("rule", rule);
        return all;
    }
}
