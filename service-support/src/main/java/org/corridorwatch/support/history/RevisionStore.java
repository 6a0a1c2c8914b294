package org.corridorwatch.support.history;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.support.auth.Caller;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.Session;

import com.google.protobuf.Message;

/**
 * The revision store of a service's resource: appends revisions in the writing transaction and
 * reads a record's history back. The table (one per service database, see
 * db/revisions/V4__revision_store.sql) numbers revisions in commit order and refuses to change or
 * lose one; this class only inserts and selects.
 */
public final class RevisionStore {

    /** The columns a {@link StoredRevision} is read from, in its order. */
    public static final String COLUMNS = "sequence, resource_id, change_kind, resource, array_to_string(changed_fields, ','),"
            + " author_issuer, author_subject, author_name, reason, request_id::text,"
            + " (extract(epoch FROM commit_time) * 1000000)::bigint";

    private final Supplier<EntityManager> entityManager;

    public RevisionStore(Supplier<EntityManager> entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Appends the revision {@code change} made to the record {@code id}, authored by the current
     * caller (the service itself outside a call). Call it last in the write's transaction, after
     * the record is flushed: from this insert to the commit, other writers' revisions wait (that
     * is what numbers them in commit order).
     *
     * @param resource the resource as it stands after the change
     * @param changedFields the top-level fields whose values the change changed
     */
    public void append(String id, ChangeKind kind, Message resource, List<String> changedFields, Change change) {
        Caller author = Caller.find().filter(caller -> !caller.isAnonymous()).orElseGet(RevisionStore::service);
        byte[] encoded = resource.toByteArray();
        // Plain JDBC on the session's connection: a native query would first flush the session again
        // (its dirty check walks every loaded record and collection) and parse the SQL on every call.
        entityManager.get().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
                insert.setString(1, id);
                insert.setString(2, StoredRevision.kindOf(kind));
                insert.setBytes(3, encoded);
                insert.setArray(4, connection.createArrayOf("text", changedFields.toArray()));
                insert.setString(5, author.issuer());
                insert.setString(6, author.subject());
                insert.setString(7, nullIfEmpty(author.displayName()));
                insert.setString(8, nullIfEmpty(change.reason()));
                insert.setObject(9, change.requestId(), Types.OTHER);
                insert.executeUpdate();
            }
        });
    }

    private static String nullIfEmpty(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static final String APPEND = "INSERT INTO revisions (resource_id, change_kind, resource, changed_fields,"
            + " author_issuer, author_subject, author_name, reason, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The service as the author of revisions it records on its own (outside any call). */
    private static Caller service() {
        String name = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                .orElse("corridorwatch");
        return new Caller("", "service:" + name, null, java.util.Set.of());
    }

    /** The revision of record {@code id} that a write with {@code requestId} made, if any. */
    public Optional<StoredRevision> madeBy(String id, UUID requestId) {
        return first(select("resource_id = :id AND request_id = :requestId", "").setParameter("id", id)
                .setParameter("requestId", requestId));
    }

    /** Revision {@code sequence} of record {@code id}, if it is one of its. */
    public Optional<StoredRevision> find(String id, long sequence) {
        return first(select("resource_id = :id AND sequence = :sequence", "").setParameter("id", id)
                .setParameter("sequence", sequence));
    }

    /** The revision of record {@code id} that stood at {@code time}: its last one committed by then. */
    public Optional<StoredRevision> asOf(String id, Instant time) {
        return first(select("resource_id = :id AND commit_time <= :time", " ORDER BY sequence DESC LIMIT 1")
                .setParameter("id", id).setParameter("time", time));
    }

    /**
     * The revision that stood at {@code time} of each record {@code idsQuery} (a SELECT of record
     * ids) selects: its last one committed by then. A record without one did not exist then.
     */
    public List<StoredRevision> standingAt(Instant time, String idsQuery) {
        return rows(entityManager.get().createNativeQuery("SELECT DISTINCT ON (resource_id) " + COLUMNS
                + " FROM revisions WHERE resource_id IN (" + idsQuery + ") AND commit_time <= :time"
                + " ORDER BY resource_id, sequence DESC").setParameter("time", time));
    }

    /**
     * For each of these revisions that has one, the resource as its record's revision before it
     * left it (encoded), by the later revision's sequence: what an update changed from.
     */
    @SuppressWarnings("unchecked")
    public Map<Long, byte[]> previousResources(Collection<Long> sequences) {
        if (sequences.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = entityManager.get().createNativeQuery("SELECT r.sequence, p.resource FROM revisions r"
                + " CROSS JOIN LATERAL (SELECT resource FROM revisions p WHERE p.resource_id = r.resource_id"
                + " AND p.sequence < r.sequence ORDER BY p.sequence DESC LIMIT 1) p WHERE r.sequence IN (:sequences)")
                .setParameter("sequences", sequences).getResultList();
        return rows.stream().collect(Collectors.toMap(row -> ((Number) row[0]).longValue(), row -> (byte[]) row[1]));
    }

    /**
     * The latest instant a read as of which gives the same answer whenever it is repeated: no
     * revision committed later (or still in flight) has a commit time at or before it. Cheap when
     * {@code wanted} (the read time asked for) is not after the last committed revision's commit
     * time: every revision numbered later takes a later one (revision_clock), so that commit time
     * is returned, with no lock. Otherwise the clock is brought up to now, in its own transaction
     * (call this outside any, it commits at once): that waits for the write in flight to commit,
     * and every revision numbered after it takes a later commit time than the instant returned.
     */
    public Instant settledClock(Instant wanted) {
        // The start of the era stands for "-infinity", the clock before the first revision.
        Instant committed = micros(entityManager.get().createNativeQuery(
                "SELECT (extract(epoch FROM greatest(last_commit_time, timestamptz '0001-01-01Z')) * 1000000)::bigint"
                        + " FROM revision_clock").getSingleResult());
        if (!wanted.isAfter(committed)) {
            return committed;
        }
        // An update, not a lock: a writer queued behind it re-evaluates its own update of the row
        // against this one's result, so its commit time comes out later (a share lock would let it
        // keep the clock reading it took before waiting).
        return micros(entityManager.get().createNativeQuery("UPDATE revision_clock SET last_commit_time"
                + " = greatest(clock_timestamp(), last_commit_time)"
                + " RETURNING (extract(epoch FROM last_commit_time) * 1000000)::bigint").getSingleResult());
    }

    private static Instant micros(Object value) {
        long micros = ((Number) value).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
    }

    /** Which of these records have at least one revision (one query, for a batch of records). */
    public Set<String> withHistory(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<?> rows = entityManager.get().createNativeQuery(
                "SELECT DISTINCT resource_id FROM revisions WHERE resource_id IN (:ids)")
                .setParameter("ids", ids).getResultList();
        return rows.stream().map(Object::toString).collect(Collectors.toSet());
    }

    /** Up to {@code limit} revisions of record {@code id}, newest first, older than {@code before} when given. */
    public List<StoredRevision> history(String id, Long before, int limit) {
        Query query = select("resource_id = :id" + (before == null ? "" : " AND sequence < :before"),
                " ORDER BY sequence DESC LIMIT :limit").setParameter("id", id).setParameter("limit", limit);
        if (before != null) {
            query.setParameter("before", before);
        }
        return rows(query);
    }

    /**
     * The feed's id and its end (the last committed revision's sequence, 0 when there is none), as
     * the caller's transaction sees them: together with {@link #after} in one snapshot, the end
     * is the last revision that snapshot holds.
     */
    public FeedEnd end() {
        Object[] row = (Object[]) entityManager.get()
                .createNativeQuery("SELECT feed_id::text, last_sequence FROM revision_clock").getSingleResult();
        return new FeedEnd(UUID.fromString((String) row[0]), ((Number) row[1]).longValue());
    }

    /** A feed's identity (revision_clock.feed_id) and the sequence of its last committed revision. */
    public record FeedEnd(UUID feedId, long lastSequence) {
    }

    /**
     * Up to {@code limit} revisions of any record committed after revision {@code sequence}, in
     * commit order: the change feed. Sequences are given in commit order (revision_clock), so
     * once a reader has seen revision n, no revision below n can still appear.
     */
    public List<StoredRevision> after(long sequence, int limit) {
        return rows(select("sequence > :after", " ORDER BY sequence LIMIT :limit").setParameter("after", sequence)
                .setParameter("limit", limit));
    }

    private Query select(String condition, String tail) {
        return entityManager.get().createNativeQuery("SELECT " + COLUMNS + " FROM revisions WHERE " + condition + tail);
    }

    private static Optional<StoredRevision> first(Query query) {
        return rows(query).stream().findFirst();
    }

    /** The rows a query of {@link #COLUMNS} returned. */
    @SuppressWarnings("unchecked")
    public static List<StoredRevision> rows(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(RevisionStore::revision).toList();
    }

    private static StoredRevision revision(Object[] row) {
        String fields = (String) row[4];
        return new StoredRevision(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (byte[]) row[3],
                fields.isEmpty() ? List.of() : Arrays.asList(fields.split(",")), (String) row[5], (String) row[6],
                (String) row[7], (String) row[8], row[9] == null ? null : UUID.fromString((String) row[9]),
                micros(row[10]));
    }
}
