package org.corridorwatch.support.resources;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Table;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.support.history.RevisionStore;
import org.corridorwatch.support.history.StoredRevision;
import org.corridorwatch.support.persistence.Snapshots;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.persistence.VersionedRecord;

import com.google.protobuf.Message;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Records restored from their revisions into scratch copies of the resource's tables, so that the
 * resource's own SQL (its List filter, its orderings, its summaries) runs over them unchanged: the
 * reads as of a {@code read_time} and the change feed's filter. Written once here, for every
 * resource, instead of a second (Java) implementation of every filter and summary that would
 * drift from the SQL one.
 *
 * <p><b>How.</b> The resource's SQL names its tables without a schema, and PostgreSQL resolves
 * such names through {@code search_path}, re-parsing a prepared statement when search_path has
 * changed since it was planned. Within one transaction, a scratch schema holds an empty table
 * like each of the resource's (its record's table and its collection tables); with that schema
 * first in the path, Hibernate's ordinary inserts of the restored records land there. For an
 * as-of read, a second scratch schema then holds a view of each table's name: the live rows of
 * the records that did not change after the read time, and the restored rows of those that did.
 * The transaction always rolls back, so the scratch schemas are never committed and no one else
 * ever sees them; the live tables are only read.
 *
 * <p><b>Cost.</b> One restored record per record changed after the read time (an as-of read) or
 * per change (the feed's filter), and a few catalog statements; the live rows are read through
 * their indexes as usual.
 */
final class PastRecords<E extends VersionedRecord, P extends Message> {

    /** One of the record's tables: its name and the column holding the record's id. */
    record StoredTable(String name, String idColumn) {
    }

    private final ResourceDefinition<E, P, ?> resource;
    private final RevisionStore revisions;
    private final ResourceMetadata metadata;
    private final List<StoredTable> tables;

    PastRecords(ResourceDefinition<E, P, ?> resource, RevisionStore revisions, Class<?> recordClass) {
        this.resource = resource;
        this.revisions = revisions;
        this.metadata = ResourceMetadata.of(resource.prototype.getDescriptorForType());
        this.tables = tablesOf(recordClass);
    }

    /** The record's table and its collection tables, from the entity's mapping. */
    static List<StoredTable> tablesOf(Class<?> recordClass) {
        List<StoredTable> tables = new ArrayList<>();
        tables.add(new StoredTable(recordClass.getAnnotation(Table.class).name(), "id"));
        for (Class<?> type = recordClass; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                CollectionTable collection = field.getAnnotation(CollectionTable.class);
                if (collection != null) {
                    tables.add(new StoredTable(collection.name(), collection.joinColumns()[0].name()));
                }
            }
        }
        return tables;
    }

    /**
     * Runs {@code read} over the resource's tables as they stood at {@code time}, which must not
     * lie after {@link RevisionStore#settledClock} (the caller checks), in one snapshot. It gets
     * the restored resources by record id: the records changed after {@code time}, as they stood
     * then (what a page shows for them: their live rows say how they stand now).
     */
    <T> T read(Instant time, Function<Map<String, P>, T> read) {
        return rolledBack(() -> {
            EntityManager entityManager = entityManager();
            // The first statement: the snapshot both the revisions and the live rows are read in.
            entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
            Scratch scratch = new Scratch(entityManager);
            String changed = scratch.rows + ".changed_ids";
            execute(entityManager, "CREATE TABLE " + changed + " (id text PRIMARY KEY)");
            entityManager.createNativeQuery("INSERT INTO " + changed + " SELECT DISTINCT resource_id FROM "
                    + scratch.live + ".revisions WHERE commit_time > :time").setParameter("time", time).executeUpdate();
            Map<String, P> restored = new LinkedHashMap<>();
            for (StoredRevision standing : revisions.standingAt(time, "SELECT id FROM " + changed)) {
                P resource = standing.resource(this.resource.prototype);
                restored.put(standing.resourceId(), resource);
                scratch.add(standing.resourceId(), resource, false);
            }
            scratch.shadowLive(changed);
            return read.apply(restored);
        });
    }

    /**
     * Up to {@code limit} of the records changed after {@code time} (taken in the order of their
     * first revision after it, from after {@code afterSequence}), restored as they stood at
     * {@code time}, and of those the ones {@code filter} selects; seen in the exported snapshot
     * {@code snapshot} (an export's second part: see StandardMethods.exportChanged).
     */
    StandardMethods.ExportPart<P> changedSince(String snapshot, SqlConditions filter, Instant time, long afterSequence, int limit) {
        return rolledBack(() -> {
            EntityManager entityManager = entityManager();
            Snapshots.join(entityManager, snapshot, false);
            Scratch scratch = new Scratch(entityManager);
            String part = scratch.rows + ".changed_ids";
            execute(entityManager, "CREATE TABLE " + part + " (id text PRIMARY KEY, sequence bigint NOT NULL)");
            // A record counts at its first revision after the time only: once, however often it changed.
            int found = entityManager.createNativeQuery("INSERT INTO " + part + " SELECT r.resource_id, r.sequence"
                    + " FROM " + scratch.live + ".revisions r WHERE r.commit_time > :time AND r.sequence > :after"
                    + " AND NOT EXISTS (SELECT 1 FROM " + scratch.live + ".revisions p WHERE p.resource_id = r.resource_id"
                    + " AND p.commit_time > :time AND p.sequence < r.sequence) ORDER BY r.sequence LIMIT :limit")
                    .setParameter("time", time).setParameter("after", afterSequence).setParameter("limit", limit)
                    .executeUpdate();
            if (found == 0) {
                return new StandardMethods.ExportPart<P>(List.of(), afterSequence, false);
            }
            long last = ((Number) entityManager.createNativeQuery("SELECT max(sequence) FROM " + part)
                    .getSingleResult()).longValue();
            Map<String, P> restored = new LinkedHashMap<>();
            for (StoredRevision standing : revisions.standingAt(time, "SELECT id FROM " + part)) {
                P resource = standing.resource(this.resource.prototype);
                restored.put(standing.resourceId(), resource);
                scratch.add(standing.resourceId(), resource, false);
            }
            scratch.flush();
            Set<String> selected = ids(entityManager, filter);
            return new StandardMethods.ExportPart<>(restored.entrySet().stream().filter(entry -> selected.contains(entry.getKey()))
                    .map(Map.Entry::getValue).toList(), last, found == limit);
        });
    }

    /**
     * Which of {@code changes} {@code filter} selects: those whose resource after the change
     * matches it, and the updates whose resource before the change did (so a client keeping a
     * filtered copy hears of a record that leaves it). Each state is restored as a record that is
     * not deleted, so a deletion's tombstone matches as the record it removed.
     */
    List<StoredRevision> selected(SqlConditions filter, List<StoredRevision> changes) {
        if (changes.isEmpty()) {
            return changes;
        }
        return rolledBack(() -> {
            EntityManager entityManager = entityManager();
            Map<Long, byte[]> before = revisions.previousResources(changes.stream()
                    .filter(change -> change.changeKind() == ChangeKind.CHANGE_KIND_UPDATED)
                    .map(StoredRevision::sequence).toList());
            Scratch scratch = new Scratch(entityManager);
            // Keyed by sequence, not by record id: one record may change several times in a batch.
            for (StoredRevision change : changes) {
                scratch.add("after-" + change.sequence(), change.resource(resource.prototype), true);
                byte[] previous = before.get(change.sequence());
                if (previous != null) {
                    scratch.add("before-" + change.sequence(), StoredRevision.parse(resource.prototype, previous), true);
                }
            }
            scratch.flush();
            Set<String> keys = ids(entityManager, filter);
            return changes.stream().filter(change -> keys.contains("after-" + change.sequence())
                    || keys.contains("before-" + change.sequence())).toList();
        });
    }

    /** The ids of the records in the resource's tables (the scratch ones, first in search_path) that {@code filter} selects. */
    @SuppressWarnings("unchecked")
    private Set<String> ids(EntityManager entityManager, SqlConditions filter) {
        String alias = resource.table.substring(resource.table.lastIndexOf(' ') + 1);
        return new HashSet<>(filter.bindTo(entityManager.createNativeQuery("SELECT " + alias + ".id FROM "
                + resource.table + filter.where())).getResultList());
    }

    private EntityManager entityManager() {
        return resource.repository.getEntityManager();
    }

    /**
     * The scratch schemas of one transaction: {@code rows} holds the restored records in tables
     * like the live ones, and is first in search_path from the start.
     */
    private final class Scratch {

        final EntityManager entityManager;
        /** The live tables' schema, quoted for SQL. */
        final String live;
        /** The connection's search_path as the pool gave it: the scratch schemas go before it. */
        final String searchPath;
        final String rows;
        boolean flushed;

        Scratch(EntityManager entityManager) {
            this.entityManager = entityManager;
            Object[] path = (Object[]) entityManager.createNativeQuery(
                    "SELECT quote_ident(current_schema()), current_setting('search_path')").getSingleResult();
            this.live = (String) path[0];
            this.searchPath = (String) path[1];
            this.rows = "past_" + UUID.randomUUID().toString().replace("-", "");
            execute(entityManager, "CREATE SCHEMA " + rows);
            for (StoredTable table : tables) {
                // No indexes or constraints but NOT NULL: restored rows were valid when stored, and
                // the feed's filter stores several states of one record. Generated columns (the
                // search vectors) are computed as in the live table.
                execute(entityManager, "CREATE TABLE " + rows + "." + table.name() + " (LIKE " + live + "."
                        + table.name() + " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY)");
            }
            searchPath(rows);
        }

        /** Stores {@code resource} as the record with id {@code id} (not deleted, when {@code live}). */
        void add(String id, P resource, boolean asLive) {
            E record = PastRecords.this.resource.newRecord.get();
            PastRecords.this.resource.copyInto.accept(resource, record);
            PastRecords.this.resource.restoreServiceFields.accept(resource, record);
            metadata.restoreTimes(resource, record);
            record.id = id;
            if (asLive) {
                record.deleteTime = null;
            }
            entityManager.persist(record);
        }

        /** Writes the restored records out, and forgets them: queries map their rows afresh. */
        void flush() {
            if (!flushed) {
                entityManager.flush();
                entityManager.clear();
                flushed = true;
            }
        }

        /**
         * Puts views first in search_path, one per table and of its name, that show the live rows
         * of the records not in {@code changedIds} (a table of record ids) and the restored rows.
         */
        void shadowLive(String changedIds) {
            flush();
            String views = rows + "_as_of";
            execute(entityManager, "CREATE SCHEMA " + views);
            for (StoredTable table : tables) {
                // NOT EXISTS, not NOT IN: an anti-join however many records changed since.
                execute(entityManager, "CREATE VIEW " + views + "." + table.name() + " AS SELECT * FROM " + live + "."
                        + table.name() + " t WHERE NOT EXISTS (SELECT 1 FROM " + changedIds + " c WHERE c.id = t."
                        + table.idColumn() + ") UNION ALL SELECT * FROM " + rows + "." + table.name());
            }
            searchPath(views);
        }

        private void searchPath(String first) {
            // SET LOCAL: back to the pool's own path when the transaction ends.
            execute(entityManager, "SET LOCAL search_path = " + first + (searchPath.isBlank() ? "" : ", " + searchPath));
        }
    }

    private static void execute(EntityManager entityManager, String statement) {
        entityManager.createNativeQuery(statement).executeUpdate();
    }

    /**
     * {@code work}'s result, from a new transaction that is rolled back however it ends. Quarkus
     * commits a transaction whose work returns, so the result leaves it inside an exception.
     */
    private static <T> T rolledBack(Supplier<T> work) {
        try {
            QuarkusTransaction.requiringNew().call(() -> {
                throw new Discarded(work.get());
            });
            throw new IllegalStateException("unreachable: the work's transaction always ends in Discarded");
        } catch (Discarded done) {
            @SuppressWarnings("unchecked")
            T result = (T) done.result;
            return result;
        }
    }

    /** Carries a rolled-back transaction's result out of it. */
    private static final class Discarded extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final transient Object result;

        Discarded(Object result) {
            super(null, null, false, false); // control flow, not an error: no stack trace
            this.result = result;
        }
    }
}
