package org.corridorwatch.support.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.corridorwatch.api.common.v1.Author;
import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.RevisionInfo;
import org.corridorwatch.support.persistence.VersionedRecord;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * One row of the revision store (table {@code revisions}, see db/revisions/V4__revision_store.sql):
 * a resource as it stood after one change, and the change.
 *
 * @param sequence the revision id: commit order, across the service's resources
 * @param kind CREATED, UPDATED, DELETED or UNDELETED (ChangeKind without its prefix)
 * @param resource the resource message's binary encoding
 */
public record StoredRevision(long sequence, String resourceId, String kind, byte[] resource,
        List<String> changedFields, String authorIssuer, String authorSubject, String authorName, String reason,
        UUID requestId, Instant commitTime) {

    private static final String KIND_PREFIX = "CHANGE_KIND_";

    /** The stored kind of a ChangeKind, e.g. "UPDATED". */
    public static String kindOf(ChangeKind kind) {
        return kind.name().substring(KIND_PREFIX.length());
    }

    public ChangeKind changeKind() {
        return ChangeKind.valueOf(KIND_PREFIX + kind);
    }

    public boolean isDeletion() {
        return changeKind() == ChangeKind.CHANGE_KIND_DELETED;
    }

    /** The revision as the API shows it. */
    public RevisionInfo info() {
        RevisionInfo.Builder info = RevisionInfo.newBuilder()
                .setRevisionId(Long.toString(sequence))
                .setChangeKind(changeKind())
                .setChangedFields(FieldMask.newBuilder().addAllPaths(changedFields))
                .setAuthor(Author.newBuilder().setIssuer(authorIssuer).setSubject(authorSubject)
                        .setDisplayName(authorName == null ? "" : authorName))
                .setReason(reason == null ? "" : reason)
                .setCommitTime(VersionedRecord.timestamp(commitTime));
        if (requestId != null) {
            info.setRequestId(requestId.toString());
        }
        return info.build();
    }

    /** The resource as it stood after the change, decoded as {@code prototype}'s type. */
    public <P extends Message> P resource(P prototype) {
        return parse(prototype, resource);
    }

    /** A resource as a revision stores it (its {@code resource} column), decoded as {@code prototype}'s type. */
    @SuppressWarnings("unchecked")
    public static <P extends Message> P parse(P prototype, byte[] stored) {
        try {
            return (P) prototype.getParserForType().parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a revision does not hold a " + prototype.getDescriptorForType().getFullName(), e);
        }
    }
}
