package org.corridorwatch.support.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Version;

import com.google.protobuf.Timestamp;

/**
 * What every stored resource has besides its own fields: a client-visible id, the request_id of
 * the create that made it (AIP-155), its create, update and (soft) delete times, and the
 * optimistic-locking version its etag derives from. Tables name the columns {@code id},
 * {@code create_request_id}, {@code create_time}, {@code update_time}, {@code delete_time} and
 * {@code version}.
 */
@MappedSuperclass
public abstract class VersionedRecord {

    @Id
    public String id;

    /** The request_id of the create that made the record; null when it had none. */
    @Column(name = "create_request_id")
    public UUID createRequestId;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "update_time")
    public Instant updateTime;

    /**
     * When the record was deleted; null while it is not. Deletes are soft (AIP-164): the row stays,
     * every read leaves it out, and Undelete clears this.
     */
    @Column(name = "delete_time")
    public Instant deleteTime;

    /** Optimistic-locking version, bumped by every write. */
    @Version
    public long version;

    /**
     * The row version, qualified by the creation instant: a record deleted and re-created under
     * the same id starts at version 0 again, and its old etags must not match the new record.
     */
    public String etag() {
        return etag(createTime, version);
    }

    /** The etag of the record created at {@code createTime} at {@code version} (see {@link #etag()}). */
    public static String etag(Instant createTime, long version) {
        long createMicros = createTime.getEpochSecond() * 1_000_000 + createTime.getNano() / 1_000;
        return Long.toString(createMicros, 36) + "-" + version;
    }

    /**
     * Refuses, as a lost race (ABORTED), to write over a record whose etag is no longer the one a
     * write was planned from. The etag, not the version alone: a record deleted and re-created
     * under the same id meanwhile starts again at version 0, and must not get what was planned
     * for the old one.
     *
     * @param why what changed the plan's premise, for the log, e.g. "incident changed while its
     *        affected deal was checked"
     */
    public void requireEtag(String plannedEtag, String why) {
        if (!etag().equals(plannedEtag)) {
            throw new OptimisticLockException(why);
        }
    }

    public boolean isDeleted() {
        return deleteTime != null;
    }

    /** Marks the record changed now. */
    public void touch() {
        updateTime = now();
    }

    /** Now, to the microsecond: what PostgreSQL keeps, so a returned time equals the stored one. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** An instant as the API carries it. */
    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
