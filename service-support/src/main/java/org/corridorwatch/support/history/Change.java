package org.corridorwatch.support.history;

import java.util.UUID;

import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * What a write request says about the change it makes, kept with the revision: why (its
 * {@code reason}) and its {@code request_id}, which also makes a retried write safe.
 */
public record Change(String reason, UUID requestId) {

    /** The longest reason kept; the revisions table CHECKs it too. */
    public static final int MAX_REASON_LENGTH = 500;
    /** A change with neither, e.g. a revision the service records itself. */
    public static final Change NONE = new Change("", null);

    /**
     * The request's {@code reason} and {@code request_id} fields, found by name (a request without
     * one has none), each checked: a violation per bad value.
     */
    public static Change of(Message request, Violations violations) {
        String reason = text(request, "reason");
        String requestId = text(request, "request_id");
        violations.maxLengthMultiLine("reason", reason, MAX_REASON_LENGTH);
        int before = violations.list().size();
        violations.uuid("request_id", requestId);
        boolean validId = !requestId.isEmpty() && violations.list().size() == before;
        return new Change(reason, validId ? UUID.fromString(requestId) : null);
    }

    /** This change with another reason when it has none of its own, e.g. a transition's note. */
    public Change withDefaultReason(String fallback) {
        if (!reason.isEmpty()) {
            return this;
        }
        // Cut by characters (code points), as the column's CHECK counts them, never inside a surrogate pair.
        boolean tooLong = fallback.codePointCount(0, fallback.length()) > MAX_REASON_LENGTH;
        return new Change(tooLong ? fallback.substring(0, fallback.offsetByCodePoints(0, MAX_REASON_LENGTH)) : fallback,
                requestId);
    }

    private static String text(Message request, String name) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName(name);
        return field == null ? "" : (String) request.getField(field);
    }
}
