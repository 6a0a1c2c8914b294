package org.corridorwatch.support.resources;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.persistence.Query;

import org.corridorwatch.api.common.v1.ChangeKind;
import org.corridorwatch.api.common.v1.ImportOutcome;
import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.errors.FailedPreconditionException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.history.Change;
import org.corridorwatch.support.history.ChangedFields;
import org.corridorwatch.support.history.RevisionStore;
import org.corridorwatch.support.history.StoredRevision;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.paging.KeysetOrder.Cursor;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.persistence.BatchGets;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.persistence.Snapshots;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.persistence.TextMatchPlans;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.references.Reference;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import org.hibernate.jpa.HibernateHints;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Get, BatchGet, List, Create, Update and Delete (AIP-131 to 135, 231), written once for every
 * resource a {@link ResourceDefinition} describes. The services' gRPC adapters call these; only
 * custom methods are a service's own.
 *
 * <p><b>The order of checks</b>, the same for every resource, so the same bad request gets the same
 * code and reason from every service. Each step runs only when the ones before it passed:
 * <ol>
 * <li>The request's own shape: names, ids, request_id, update_mask paths, page size and token,
 * filter, and (for Create) the resource's values. INVALID_ARGUMENT, with every violation of the
 * step at once.
 * <li>The resource exists: NOT_FOUND.
 * <li>Update: the resource's values after the mask is applied. INVALID_ARGUMENT.
 * <li>The etag, when given: ABORTED when it is not the current one.
 * <li>Update: a request that changes nothing ends here and returns the resource as it is. Nothing
 * is written and the etag stays.
 * <li>The references to other services' resources that the write adds (Create: all of them).
 * INVALID_ARGUMENT naming each missing one; UNAVAILABLE when the owning service cannot answer.
 * <li>The write, in one transaction. It is refused with ABORTED if the record changed since
 * step 2, so what was validated and checked is what is written. Create: ALREADY_EXISTS for a taken
 * id, and a request_id seen before returns the original record instead (looked up before step 6
 * when the record names references, else answered by the insert's unique constraints).
 * </ol>
 * No transaction is open while another service is asked (step 6).
 *
 * <p><b>History</b> (issue 14). Every write appends a revision to the service's
 * {@link RevisionStore} in its own transaction, as its last statement: the resource as it
 * stands after the change, the fields it changed, the caller, the request's reason and
 * request_id. A write whose request_id is already recorded for the record writes nothing and
 * answers as the first did. Deletes are soft: the record keeps its row with a delete time, every
 * read leaves it out unless asked (show_deleted), and Undelete restores it.
 *
 * <p>A service makes its resource a CDI bean by extending this class with a constructor that builds
 * the definition; it adds nothing else here.
 */
public class StandardMethods<E extends VersionedRecord, P extends Message, F extends Message> {

    private final ResourceDefinition<E, P, F> resource;
    private final IdempotentCreates<E, P> creates;
    private final Class<? extends VersionedRecord> recordClass;
    private final RevisionStore revisions;
    private final ResourceMetadata metadata;
    private final PastRecords<E, P> past;
    /** The service's database, for the reads that go straight to JDBC (see {@link #current}). */
    private final DataSource dataSource;
    /** The columns a page reads (see {@link #selectList()}), looked up once. */
    private volatile String selectList;
    /** The query of a record as it is now by id (see {@link #current}), built once. */
    private final String currentQuery;

    public StandardMethods(ResourceDefinition<E, P, F> resource, DataSource dataSource) {
        this.resource = resource;
        this.dataSource = dataSource;
        this.creates = new IdempotentCreates<>(resource.repository::findByCreateRequestId,
                resource.repository::findByIdOptional, resource.toProto,
                id -> ResourceException.alreadyExists(resource.type, name(id)));
        resource.check();
        this.recordClass = resource.newRecord.get().getClass();
        this.revisions = new RevisionStore(resource.repository::getEntityManager);
        this.metadata = ResourceMetadata.of(resource.prototype.getDescriptorForType());
        this.past = new PastRecords<>(resource, revisions, recordClass);
        this.currentQuery = "SELECT " + resource.exportRows.selectList(alias()) + " FROM " + resource.table
                + " WHERE " + alias() + ".id = ? AND (? OR " + alias() + ".delete_time IS NULL)";
    }

    /** The resource name of the record with this id, e.g. "incidents/dasu-2021". */
    private String name(String id) {
        return ResourceNames.format(resource.collection, id);
    }

    /**
     * Get: the resource a Get request's {@code name} names, as it is now, as it stood at the
     * request's {@code read_time}, or at the revision the name carries ({@code incidents/x@42},
     * AIP-162); a deleted one only with {@code show_deleted}.
     */
    public P get(Message request) {
        String name = (String) field(request, "name");
        boolean showDeleted = (Boolean) field(request, "show_deleted");
        Violations violations = new Violations();
        int at = name.indexOf('@');
        String id = id(at < 0 ? name : name.substring(0, at), "name", violations);
        Long revision = at < 0 ? null : revisionId(name.substring(at + 1), "name", violations);
        Instant readTime = readTime(request, violations);
        if (revision != null && readTime != null) {
            violations.add("read_time", "must not be set when the name names a revision");
        }
        violations.throwIfAny();
        if (revision == null && readTime == null) {
            return current(id, showDeleted);
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            if (revision != null) {
                StoredRevision stored = revisions.find(id, revision)
                        .orElseThrow(() -> ResourceException.notFound(resource.type, name));
                return metadata.renamed(stored.resource(resource.prototype), name);
            }
            return revisions.asOf(id, readTime).filter(stored -> showDeleted || !stored.isDeletion())
                    .map(stored -> stored.resource(resource.prototype))
                    .orElseThrow(() -> ResourceException.notFound(resource.type, name(id)));
        });
    }

    /**
     * The record with this id as it is now, or NOT_FOUND (also when deleted, unless {@code
     * includingDeleted}): read with the resource's ExportRows on a pooled connection of its own,
     * in autocommit, the same message toProto makes of the entity, the row and its collections in
     * one round trip (ExportRows.readOne). A Get through Hibernate (find, three lazily loaded
     * collections, a JTA transaction around them) spent about half of the service's CPU there
     * (issue 12; tools/benchmark/results/get-jdbc-2026-12-06.md).
     */
    private P current(String id, boolean includingDeleted) {
        try (Connection connection = dataSource.getConnection()) {
            List<P> found = resource.exportRows.readOne(connection, currentQuery, List.of(id, includingDeleted), id,
                    resource.prototype);
            if (found.isEmpty()) {
                throw ResourceException.notFound(resource.type, name(id));
            }
            return found.get(0);
        } catch (SQLException e) {
            // Kept as the cause: the error mapper answers a lost database UNAVAILABLE by it.
            throw new IllegalStateException("could not read " + name(id) + ": " + e.getMessage(), e);
        }
    }

    /** A revision id in a name: a positive decimal number; null with a violation on {@code field} otherwise. */
    private static Long revisionId(String text, String field, Violations violations) {
        if (text.matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(text);
        }
        violations.add(field, "must end in @ and a revision id (a positive number) when it names a revision");
        return null;
    }

    /**
     * The request's {@code read_time}: null when it has none (or the request type no such field);
     * null with a violation when it lies in the future. The future by the database's clock, once
     * the write in flight has committed (RevisionStore.settledClock): a read as of an instant
     * accepted answers the same when repeated later.
     */
    public Instant readTime(Message request, Violations violations) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName("read_time");
        if (field == null || !request.hasField(field)) {
            return null;
        }
        Timestamp time = (Timestamp) request.getField(field);
        Instant readTime = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
        // Its own transaction, committed at once: it may bring the clock up to now.
        if (readTime.isAfter(QuarkusTransaction.requiringNew().call(() -> revisions.settledClock(readTime)))) {
            violations.add("read_time", "must not lie in the future");
            return null;
        }
        return readTime;
    }

    /**
     * Runs {@code read} (a summary's statements) in one snapshot of the data: now, or as it stood
     * at {@code readTime} (from {@link #readTime}) when that is not null. The resource's own SQL
     * serves both: see PastRecords.
     */
    public <T> T snapshotAt(Instant readTime, Supplier<T> read) {
        return readTime == null ? Snapshots.read(resource.repository.getEntityManager(), read)
                : past.read(readTime, restored -> read.get());
    }

    /**
     * BatchGet (AIP-231): the resources a BatchGet request's {@code names} name, in the order asked,
     * all or NOT_FOUND naming the first missing one (deleted ones count as missing unless the
     * request has {@code show_deleted}); answered in {@code response}'s repeated field of the
     * resource.
     */
    public <R extends Message> R batchGet(Message request, R response) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) field(request, "names");
        boolean showDeleted = (Boolean) field(request, "show_deleted");
        List<P> found = QuarkusTransaction.joiningExisting().call(() -> BatchGets.get(names, resource.collection,
                resource.type, showDeleted ? resource.repository::findIncludingDeleted : resource.repository::findExisting,
                resource.toProto));
        return answer(response, found, null);
    }

    /**
     * List (AIP-132): one keyset page of the resources matching a List request's {@code filter},
     * in the order its {@code order_by} names, {@code page_size} at most from its {@code
     * page_token} on (bound to the request without page_token and page_size, AIP-158); answered in
     * {@code response}'s repeated field of the resource and its next_page_token.
     */
    @SuppressWarnings("unchecked")
    public <R extends Message> R list(Message request, R response) {
        F filter = (F) field(request, "filter");
        Violations violations = new Violations();
        resource.filterValidator.validate(filter, "filter", violations);
        KeysetOrder order = KeysetOrder.parse((String) field(request, "order_by"), resource.orderings, "order_by",
                violations);
        Page<P> page = page(filter, order, (Integer) field(request, "page_size"),
                (String) field(request, "page_token"), request, violations);
        return answer(response, page.rows(), page.nextPageToken());
    }

    /** {@code response} with {@code resources} in its repeated field of the resource (and the next page token). */
    private <R extends Message> R answer(R response, List<P> resources, String nextPageToken) {
        return answer(response, resource.prototype, resources, nextPageToken);
    }

    /** {@code response} with {@code items} in its repeated field of {@code item}'s type (and the next page token). */
    @SuppressWarnings("unchecked")
    private static <R extends Message> R answer(R response, Message item, List<? extends Message> items,
            String nextPageToken) {
        Message.Builder answer = response.newBuilderForType();
        for (FieldDescriptor field : answer.getDescriptorForType().getFields()) {
            if (field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && field.getMessageType().equals(item.getDescriptorForType())) {
                answer.setField(field, items);
            }
        }
        if (nextPageToken != null) {
            answer.setField(answer.getDescriptorForType().findFieldByName("next_page_token"), nextPageToken);
        }
        return (R) answer.build();
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /**
     * A keyset page in a fixed order, for custom methods that list the resource (a timeline).
     * Violations the caller found in its own parameters are thrown with the paging's.
     */
    public Page<P> page(F filter, KeysetOrder order, int pageSize, String pageToken, Message request,
            Violations violations) {
        int size = PageSizes.resolve(pageSize, PageSizes.DEFAULT, PageSizes.MAX, "page_size", violations);
        Instant readTime = readTime(request, violations);
        Message query = PageSizes.withoutPaging(request);
        Function<List<String>, Cursor> cursor = parts -> order == null ? null : order.cursor(parts, "page_token",
                violations);
        if (readTime == null) {
            return KeysetPages.read(query, pageToken, 2, size, violations, cursor,
                    (after, limit) -> currentPage(filter, order, after, limit), last -> cursorOf(order, last));
        }
        return past.read(readTime, restored -> {
            Page<E> page = KeysetPages.read(query, pageToken, 2, size, violations, cursor,
                    (after, limit) -> pastPage(filter, order, after, limit),
                    last -> cursorOf(order, resource.toProto.apply(last)));
            // Mapped in the transaction: the records' collections load lazily (in batches). A record
            // restored as of the read time is shown as its revision has it (its etag included).
            return new Page<>(page.rows().stream().map(record -> restored.containsKey(record.id)
                    ? restored.get(record.id) : resource.toProto.apply(record)).toList(), page.nextPageToken());
        });
    }

    /** The page token's cursor parts for a page ending with {@code last}: its sort value and id. */
    private List<String> cursorOf(KeysetOrder order, P last) {
        return order.cursorParts(order.byDate() ? resource.dateKey.apply(last) : metadata.updateTime(last),
                nameOf(last).substring(resource.collection.length() + 1));
    }

    /**
     * A page as the records stand now, read with the resource's ExportRows on a pooled connection
     * of its own (as Get's {@link #current}): the same statement the entities were read with,
     * without hydrating them (issue 12).
     */
    private List<P> currentPage(F filter, KeysetOrder order, Cursor after, int limit) {
        ExportRows rows = resource.exportRows;
        try (Connection connection = dataSource.getConnection()) {
            SqlConditions sql = pageConditions(filter, order, after, limit);
            PageShape shape = TextMatchPlans.fewEnoughToSort(connection, resource.table, sql, limit)
                    ? PageShape.FROM_TEXT_INDEX
                    : sql.readsFromRows(order.column()) ? PageShape.FROM_ROWS
                    // Only in the date order: a covering index goes on in it, not in update_time's.
                    : sql.readsIdsFirst() && order.byDate() ? PageShape.IDS_FIRST : PageShape.IN_ORDER;
            try (PreparedStatement statement = sql.prepare(connection,
                    pageStatement(rows.selectList(alias()), sql, order, after, shape));
                    ResultSet result = statement.executeQuery()) {
                return rows.read(result, connection, resource.prototype, null);
            }
        } catch (SQLException e) {
            // Kept as the cause: the error mapper answers a lost database UNAVAILABLE by it.
            throw new IllegalStateException("could not read a page of " + resource.collection + ": " + e.getMessage(), e);
        }
    }

    /**
     * A page of an as-of read (PastRecords: the resource's views in the transaction's search_path), as entities.
     * Always the plain statement: the restored rows have no copies for another shape to read.
     */
    @SuppressWarnings("unchecked")
    private List<E> pastPage(F filter, KeysetOrder order, Cursor after, int limit) {
        SqlConditions sql = pageConditions(filter, order, after, limit);
        Query query = resource.repository.getEntityManager().createNativeQuery(
                pageStatement(selectList(), sql, order, after, PageShape.IN_ORDER), recordClass);
        // Read-only: the page is only mapped to messages, so Hibernate keeps no snapshots to check.
        return sql.bindTo(query).setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
    }

    /** The filter's conditions, the cursor's and the limit, bound. */
    private SqlConditions pageConditions(F filter, KeysetOrder order, Cursor after, int limit) {
        SqlConditions sql = resource.filterSql.apply(filter);
        if (after != null) {
            order.after(sql, alias() + ".id", after);
        }
        return sql.bind("limit", limit);
    }

    /** How a page's statement reads its rows (issue 12): where the plain statement's plan is poor, another shape. */
    private enum PageShape {
        /** The plain statement: the planner's own plan. */
        IN_ORDER,
        /** A full-text condition's few matches read from the text index, then sorted (TextMatchPlans). */
        FROM_TEXT_INDEX,
        /** The page's ids read first from a covering index, then its rows (SqlConditions.readsIdsFirst). */
        IDS_FIRST,
        /** The page's ids read from the rows of its row condition, then its records (SqlConditions.readsFromRows). */
        FROM_ROWS
    }

    /**
     * A page's statement with {@code selectList}: in the order, after the cursor, up to the limit,
     * read in the given shape.
     * <p>
     * Keep the limit a parameter. The driver prepares a statement on the server from its fifth
     * use on a connection, and PostgreSQL then compares a generic plan's cost with the custom
     * plans'. With a literal limit the generic plan of a rare condition (min killed 15: 0.25 % of
     * the rows) walks the order index and filters, which costs 145–260 ms at 1M incidents against
     * 5–7 ms for the custom plan's bitmap and sort, and its estimate is cheaper, so PostgreSQL
     * would switch to it. A parameter limit makes the generic plan's estimate dearer (it assumes
     * a tenth of the rows), so every page keeps its custom plan.
     */
    private String pageStatement(String selectList, SqlConditions sql, KeysetOrder order, Cursor after,
            PageShape shape) {
        String idColumn = alias() + ".id";
        String orderBy = order.orderByClause(idColumn);
        return switch (shape) {
            case IN_ORDER -> "SELECT " + selectList + " FROM " + resource.table + sql.where() + orderBy + " LIMIT :limit";
            case FROM_TEXT_INDEX -> TextMatchPlans.readFromTextIndex(selectList, selectList(), resource.table, alias(),
                    sql, after == null ? "" : " AND " + order.afterCursorCondition(idColumn), orderBy);
            // The subquery's alias is the table's too: the clause and the order name its columns by it.
            case IDS_FIRST -> "SELECT " + selectList + " FROM " + resource.table + " WHERE " + idColumn + " IN (SELECT "
                    + idColumn + " FROM " + resource.table + sql.where() + orderBy + " LIMIT :limit)" + orderBy;
            case FROM_ROWS -> sql.readFromRows(selectList, resource.table, order.column(), order.descending());
        };
    }

    /**
     * The table's stored columns but the generated ones, qualified by the alias. Generated columns
     * (the full-text search vectors) are mapped by no entity and are the largest of a row: a
     * {@code SELECT alias.*} would read them only to throw them away. Looked up in a transaction
     * of its own: an as-of read's search_path puts views first, whose columns are never generated.
     */
    @SuppressWarnings("unchecked")
    private String selectList() {
        if (selectList == null) {
            String tableName = resource.table.substring(0, resource.table.indexOf(' '));
            List<String> columns = QuarkusTransaction.requiringNew().call(() -> resource.repository.getEntityManager()
                    .createNativeQuery("SELECT column_name::text FROM information_schema.columns WHERE table_schema"
                            + " = current_schema() AND table_name = :table AND is_generated = 'NEVER'"
                            + " ORDER BY ordinal_position")
                    .setParameter("table", tableName).getResultList());
            selectList = String.join(", ", columns.stream().map(column -> alias() + "." + column).toList());
        }
        return selectList;
    }

    private String alias() {
        return resource.table.substring(resource.table.lastIndexOf(' ') + 1);
    }

    /**
     * Create, from a Create request's resource field, {@code <field>_id}, {@code request_id} and
     * {@code reason}, with the resource's own rules only (see the class comment for the order of
     * checks).
     */
    public P create(Message request) {
        return create(request, false);
    }

    /** Create, or with {@code validateOnly} every check of one and no write (an import's dry run). */
    public P create(Message request, boolean validateOnly) {
        return create(request, violations -> {
        }, resource.repository::persistAndFlush, validateOnly);
    }

    /**
     * Create, for resources that check more of the request or store more with the record (a deal's
     * first status history entry).
     *
     * @param moreRules adds violations of the request's other fields, checked with the resource's
     * @param persist stores the new record (id and metadata set) and what belongs with it, and
     *            flushes the record's insert: its revision is appended right after, and a retry or a
     *            taken id is recognised by that insert's failure
     */
    public P create(Message request, Consumer<Violations> moreRules, Consumer<E> persist) {
        return create(request, moreRules, persist, false);
    }

    /**
     * The same, or with {@code validateOnly} every check of it (values, id, request_id, references)
     * and no write: it answers the resource it would create (unnamed when its id would be generated).
     */
    @SuppressWarnings("unchecked")
    public P create(Message request, Consumer<Violations> moreRules, Consumer<E> persist, boolean validateOnly) {
        P value = (P) field(request, resource.field);
        String chosenId = (String) field(request, resource.field + "_id");
        Violations violations = new Violations();
        resource.validator.validate(value, resource.field, violations);
        moreRules.accept(violations);
        violations.resourceId(resource.field + "_id", chosenId);
        Change change = Change.of(request, violations);
        violations.throwIfAny();

        UUID requestUuid = change.requestId();
        if (namesReferences(value)) {
            // A retry returns the original without asking other services again. Without references
            // (none named by this record either) there is nothing to spare: creates.create's insert
            // trips the request_id's unique constraint and looks the original up only then.
            var earlier = creates.earlier(requestUuid);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            checkReferences(value, null);
        }
        if (validateOnly) {
            return wouldCreate(requestUuid, chosenId, value);
        }
        return creates.create(requestUuid, chosenId, () -> {
            E record = resource.newRecord.get();
            resource.copyInto.accept(value, record);
            return record;
        }, record -> {
            persist.accept(record);
            P created = resource.toProto.apply(record);
            revisions.append(record.id, ChangeKind.CHANGE_KIND_CREATED, created, ChangedFields.setIn(created), change);
            return created;
        });
    }

    /**
     * A dry run's answer once the create's checks passed but the last: the record an earlier
     * create with the request_id made, else ALREADY_EXISTS for a taken id, else {@code value} as
     * it would be named (unnamed when the id would be generated).
     */
    private P wouldCreate(UUID requestId, String chosenId, P value) {
        Optional<P> earlier = creates.earlier(requestId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (!chosenId.isEmpty()
                && QuarkusTransaction.requiringNew().call(() -> resource.repository.findByIdOptional(chosenId)).isPresent()) {
            throw ResourceException.alreadyExists(resource.type, name(chosenId));
        }
        return chosenId.isEmpty() ? value : metadata.renamed(value, name(chosenId));
    }

    /** What an update will write, and the etag of the record it was planned from. */
    private record PlannedUpdate<P>(String id, P current, P updated, String etag) {
    }

    /**
     * Update: the fields an Update request's {@code update_mask} names, from its resource field,
     * with its {@code reason} and {@code request_id} (see the class comment for the order of checks).
     */
    @SuppressWarnings("unchecked")
    public P update(Message request) {
        P patch = (P) field(request, resource.field);
        FieldMask mask = (FieldMask) field(request, "update_mask");
        Violations violations = new Violations();
        String id = ResourceNames.parse(resource.collection, nameOf(patch), resource.field + ".name", violations);
        FieldMask checked = withoutFieldsChangedElsewhere(mask, violations);
        // A mask that named only such fields has had its say: no "mask is required" on top.
        if (checked.getPathsCount() > 0 || checked.equals(mask)) {
            // Whether the paths exist depends on the message type only, so the prototype serves.
            FieldMasks.apply(checked, resource.prototype, patch, resource.maskRules, "update_mask",
                    violations);
        }
        Change change = Change.of(request, violations);
        violations.throwIfAny();
        return update(id, patch, checked, change, false);
    }

    /** Update of the (valid) mask's fields of record {@code id} from {@code patch}; with {@code validateOnly}, its checks only. */
    private P update(String id, P patch, FieldMask mask, Change change, boolean validateOnly) {
        return once(id, change, () -> {
            PlannedUpdate<P> plan = QuarkusTransaction.requiringNew().call(() -> plan(id, patch, mask));
            if (plan.updated().equals(plan.current())) {
                return plan.current();
            }
            if (addsReferences(plan.updated(), plan.current())) {
                checkReferences(plan.updated(), plan.current());
            }
            return validateOnly ? plan.updated() : QuarkusTransaction.requiringNew().call(() -> write(plan, change));
        });
    }

    /** What an import did with one record: its outcome and the resource's name ("" when not known). */
    public record Imported(ImportOutcome outcome, String name) {
    }

    /**
     * Imports one record in the Create shape (a {@code Create<Resource>Request}): creates it with
     * {@code create} (the resource's own create, which may store more than the record), or, when
     * {@code upsert} and its id exists, updates it to the record's values: every top-level field
     * that differs, as one Update with the record's reason and request_id. A field only a custom
     * method changes (a deal's status) must not differ. Throws what the single call would.
     */
    @SuppressWarnings("unchecked")
    public Imported importRecord(Message record, boolean validateOnly, boolean upsert,
            BiFunction<Message, Boolean, P> create) {
        String chosenId = (String) field(record, idField());
        if (upsert && ResourceNames.isValidId(chosenId)) {
            Optional<E> stored = QuarkusTransaction.requiringNew().call(() -> resource.repository
                    .findByIdOptional(chosenId));
            if (stored.isPresent() && stored.get().isDeleted()) {
                throw new FailedPreconditionException("DELETED", "UPSERT_LIVE_ONLY", name(chosenId), "The "
                        + resource.field + " is deleted: undelete it first (Undelete" + resource.type.substring(
                                resource.type.lastIndexOf('/') + 1) + ", admin), then import again.", Map.of());
            }
            if (stored.isPresent()) {
                P current = QuarkusTransaction.requiringNew().call(() -> resource.toProto.apply(existing(chosenId)));
                return overwrite(chosenId, current, (P) field(record, resource.field), record, validateOnly);
            }
        }
        // A re-import after a failure part way repeats records already created: each is answered by
        // its request_id here, not by a failed insert (IdempotentCreates).
        Optional<P> earlier = creates.earlier(Change.of(record, new Violations()).requestId());
        if (earlier.isPresent()) {
            return new Imported(ImportOutcome.IMPORT_OUTCOME_CREATED, nameOf(earlier.get()));
        }
        P created = create.apply(record, validateOnly);
        return new Imported(ImportOutcome.IMPORT_OUTCOME_CREATED,
                validateOnly && chosenId.isEmpty() ? "" : nameOf(created));
    }

    private Imported overwrite(String id, P current, P value, Message record, boolean validateOnly) {
        Violations violations = new Violations();
        List<String> differing = new ArrayList<>();
        for (String field : ChangedFields.between(current, value)) {
            String method = resource.changedOnlyBy.get(field);
            if (method == null) {
                differing.add(field);
            } else {
                violations.add(resource.field + "." + field, "differs from the stored " + resource.field
                        + "'s, and changes only through " + method + ": make that call first");
            }
        }
        Change change = Change.of(record, violations);
        violations.throwIfAny();
        if (differing.isEmpty()) {
            return new Imported(ImportOutcome.IMPORT_OUTCOME_UNCHANGED, name(id));
        }
        // Conditional on the record as compared: a write since then is ABORTED, not half kept. (The
        // record's own etag, say from an old export, is not the one compared with.)
        @SuppressWarnings("unchecked")
        P patch = (P) metadata.renamed(value, name(id)).toBuilder()
                .setField(value.getDescriptorForType().findFieldByName("etag"), etagOf(current)).build();
        P after = update(id, patch, FieldMask.newBuilder().addAllPaths(differing).build(), change, validateOnly);
        return new Imported(after.equals(current) ? ImportOutcome.IMPORT_OUTCOME_UNCHANGED
                : ImportOutcome.IMPORT_OUTCOME_UPDATED, name(id));
    }

    /**
     * {@code write}, unless a write with the change's request_id is already recorded for the
     * record: then the record as it is now, without writing again (also for custom writes). Two
     * racing calls with one request_id both pass the first check; the second then fails (on the
     * record's version, or on the revision store's unique index) and answers the same way.
     */
    public P once(String id, Change change, Supplier<P> write) {
        if (change.requestId() == null) {
            return write.get();
        }
        Optional<P> done = alreadyDone(id, change);
        if (done.isPresent()) {
            return done.get();
        }
        try {
            return write.get();
        } catch (RuntimeException e) {
            // A concurrent call with the same request_id may have won: then this one failed on the
            // record's version (ABORTED) or on the revisions' unique request_id, and answers as it.
            Optional<P> won;
            try {
                won = alreadyDone(id, change);
            } catch (RuntimeException lookup) {
                e.addSuppressed(lookup); // the database went away, say: the write's own failure tells
                throw e;
            }
            return won.orElseThrow(() -> e);
        }
    }

    /** The record's current state when a write with the change's request_id is recorded for it. */
    private Optional<P> alreadyDone(String id, Change change) {
        return QuarkusTransaction.requiringNew().call(() -> revisions.madeBy(id, change.requestId())
                .map(done -> resource.repository.findByIdOptional(id).map(resource.toProto)
                        .orElseThrow(() -> ResourceException.notFound(resource.type, name(id)))));
    }

    /** The mask without the paths into fields only a custom method changes, each a violation. */
    private FieldMask withoutFieldsChangedElsewhere(FieldMask mask, Violations violations) {
        List<String> kept = new ArrayList<>();
        for (String path : mask.getPathsList()) {
            String field = path.split("\\.", 2)[0];
            String method = resource.changedOnlyBy.get(field);
            if (method == null) {
                kept.add(path);
            } else {
                violations.add("update_mask", "must not name \"" + field + "\": it changes only through " + method);
            }
        }
        return kept.size() == mask.getPathsCount() ? mask : FieldMask.newBuilder().addAllPaths(kept).build();
    }

    private PlannedUpdate<P> plan(String id, P patch, FieldMask mask) {
        E record = existing(id);
        P current = resource.toProto.apply(record);
        Violations violations = new Violations();
        @SuppressWarnings("unchecked")
        P updated = (P) FieldMasks.apply(mask, current, patch, resource.maskRules, "update_mask",
                violations);
        resource.validator.validate(updated, resource.field, violations);
        violations.throwIfAny();
        EtagMismatchException.check(name(id), etagOf(patch), record.etag());
        return new PlannedUpdate<>(id, current, updated, record.etag());
    }

    private P write(PlannedUpdate<P> plan, Change change) {
        E record = existing(plan.id());
        record.requireEtag(plan.etag(), resource.field + " changed while its update was checked");
        resource.copyInto.accept(plan.updated(), record);
        if (ChangedFields.between(plan.current(), resource.toProto.apply(record)).isEmpty()) {
            // Different in the request, equal once stored (an incident's single casualty figure is
            // stored as low = best = high): a change of nothing, so nothing is written, no revision.
            resource.repository.getEntityManager().clear(); // forgets the copied values: nothing is flushed
            return plan.current();
        }
        record.touch();
        return revised(record, plan.current(), change);
    }

    /**
     * Ends a write that changed {@code record} (in the caller's transaction): flushes it and
     * appends its revision, UPDATED, with the fields changed since {@code before}. For custom
     * methods that change a record (a deal's status transition); call it last in the transaction.
     *
     * @return the resource as it now stands
     */
    public P revised(E record, P before, Change change) {
        // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit,
        // and so the revision, appended last, waits for no other statement while it holds its number.
        resource.repository.flush();
        P after = resource.toProto.apply(record);
        revisions.append(record.id, ChangeKind.CHANGE_KIND_UPDATED, after, ChangedFields.between(before, after), change);
        return after;
    }

    /**
     * Delete (soft, AIP-164): the resource a Delete request's {@code name} names, if its
     * {@code etag} (when given) is current; with its {@code reason} and {@code request_id}.
     */
    public void delete(Message request) {
        String name = (String) field(request, "name");
        String etag = (String) field(request, "etag");
        Violations violations = new Violations();
        String id = id(name, "name", violations);
        Change change = Change.of(request, violations);
        violations.throwIfAny();
        once(id, change, () -> QuarkusTransaction.requiringNew().call(() -> {
            E record = existing(id);
            EtagMismatchException.check(name, etag, record.etag());
            record.deleteTime = VersionedRecord.now();
            record.updateTime = record.deleteTime;
            resource.repository.flush();
            P deleted = resource.toProto.apply(record);
            revisions.append(id, ChangeKind.CHANGE_KIND_DELETED, deleted, List.of(), change);
            return deleted;
        }));
    }

    /**
     * Undelete (AIP-164): restores the deleted resource an Undelete request's {@code name} names,
     * as it was when deleted, if its {@code etag} (when given) is the deleted record's.
     * FAILED_PRECONDITION "NOT_DELETED" when it is not deleted.
     */
    public P undelete(Message request) {
        String name = (String) field(request, "name");
        String etag = (String) field(request, "etag");
        Violations violations = new Violations();
        String id = id(name, "name", violations);
        Change change = Change.of(request, violations);
        violations.throwIfAny();
        return once(id, change, () -> QuarkusTransaction.requiringNew().call(() -> {
            E record = resource.repository.findByIdOptional(id)
                    .orElseThrow(() -> ResourceException.notFound(resource.type, name(id)));
            if (!record.isDeleted()) {
                throw new FailedPreconditionException("NOT_DELETED", "UNDELETE_DELETED_ONLY", name(id),
                        "The " + resource.field + " is not deleted: only a deleted one can be undeleted.", Map.of());
            }
            EtagMismatchException.check(name, etag, record.etag());
            record.deleteTime = null;
            record.touch();
            resource.repository.flush();
            P restored = resource.toProto.apply(record);
            revisions.append(id, ChangeKind.CHANGE_KIND_UNDELETED, restored, List.of(), change);
            return restored;
        }));
    }

    /**
     * List revisions: one page of the revisions of the resource a ListRevisions request's
     * {@code name} names (deleted or not), newest first; answered in {@code response}'s repeated
     * field of revisions, each with the resource (named {@code <name>@<revision id>}) in its
     * resource field and the change in {@code revision}. NOT_FOUND when the record never existed.
     */
    public <R extends Message> R listRevisions(Message request, R response) {
        Violations violations = new Violations();
        String id = id((String) field(request, "name"), "name", violations);
        int size = PageSizes.resolve((Integer) field(request, "page_size"), PageSizes.DEFAULT, PageSizes.MAX,
                "page_size", violations);
        FieldDescriptor revisionsField = repeatedMessageField(response);
        return QuarkusTransaction.joiningExisting().call(() -> {
            Page<StoredRevision> page = KeysetPages.read(PageSizes.withoutPaging(request),
                    (String) field(request, "page_token"), 1, size, violations,
                    parts -> revisionId(parts.get(0), "page_token", violations), (before, limit) -> {
                        List<StoredRevision> rows = revisions.history(id, before, limit);
                        if (rows.isEmpty() && before == null && resource.repository.findByIdOptional(id).isEmpty()) {
                            throw ResourceException.notFound(resource.type, name(id));
                        }
                        return rows;
                    }, last -> List.of(Long.toString(last.sequence())));
            Message.Builder answer = response.newBuilderForType();
            for (StoredRevision stored : page.rows()) {
                answer.addRepeatedField(revisionsField, revisionItem(answer.newBuilderForField(revisionsField), stored, true)
                        .build());
            }
            answer.setField(answer.getDescriptorForType().findFieldByName("next_page_token"), page.nextPageToken());
            @SuppressWarnings("unchecked")
            R answered = (R) answer.build();
            return answered;
        });
    }

    /**
     * {@code item}, a message with this resource's field and a {@code revision} field (a
     * {@code <Resource>Revision} or {@code <Resource>Change}), filled from {@code stored}: the
     * resource as it stood after the change (named {@code <name>@<revision id>} when
     * {@code namedAtRevision}, as a revision of a resource's history is; by its plain name as the
     * change feed sends it, so a copy can be kept by name) and the change's RevisionInfo.
     */
    public Message.Builder revisionItem(Message.Builder item, StoredRevision stored, boolean namedAtRevision) {
        Descriptor itemType = item.getDescriptorForType();
        P after = stored.resource(resource.prototype);
        item.setField(itemType.findFieldByName(resource.field),
                namedAtRevision ? metadata.renamed(after, name(stored.resourceId()) + "@" + stored.sequence()) : after);
        item.setField(itemType.findFieldByName("revision"), stored.info());
        return item;
    }

    /**
     * Runs {@code read} against the revision store in a new read-only transaction that sees one
     * snapshot of the database (the change feed's reads: its end and its next changes must agree).
     */
    public <T> T readRevisions(Function<RevisionStore, T> read) {
        return Snapshots.read(resource.repository.getEntityManager(),
                () -> read.apply(revisions));
    }

    /**
     * An export's first part, a page at a time: up to {@code limit} resources the (valid) List
     * filter selects, by id after {@code afterId} (null: from the first), as the export's snapshot
     * shows them; with a {@code readTime}, only those not changed after it (their rows are as they
     * stood then; the others come from {@link #exportChanged}). Read on {@code inSnapshot}, a
     * connection whose open transaction is the export's snapshot, with the resource's ExportRows:
     * plain SQL straight into messages, with no entity, session or transaction of its own per page.
     */
    public List<P> exportLive(Connection inSnapshot, Message filter, Instant readTime, String afterId, int limit)
            throws SQLException {
        ExportRows rows = resource.exportRows;
        SqlConditions sql = exportConditions(filter, readTime, afterId, limit);
        String page = "SELECT " + rows.selectList(alias()) + " FROM " + resource.table + sql.where() + " ORDER BY "
                + alias() + ".id LIMIT :limit";
        try (PreparedStatement statement = sql.prepare(inSnapshot, page); ResultSet result = statement.executeQuery()) {
            // Every record of the page's id range is on it when nothing but deletes leaves one out.
            boolean wholeRange = filter.equals(filter.getDefaultInstanceForType()) && readTime == null;
            return rows.read(result, inSnapshot, resource.prototype, wholeRange ? (afterId == null ? "" : afterId) : null);
        }
    }

    /** The conditions of an export's page: the filter's, the read time's, after the cursor, its size. */
    @SuppressWarnings("unchecked")
    private SqlConditions exportConditions(Message filter, Instant readTime, String afterId, int limit) {
        SqlConditions sql = resource.filterSql.apply((F) filter);
        String id = alias() + ".id";
        if (readTime != null) {
            sql.add("NOT EXISTS (SELECT 1 FROM revisions r WHERE r.resource_id = " + id
                    + " AND r.commit_time > :readTime)", "readTime", readTime);
        }
        if (afterId != null) {
            sql.add(id + " > :afterId", "afterId", afterId);
        }
        return sql.bind("limit", limit);
    }

    /** Some of an export's second part (see {@link #exportChanged}): whether more follow after {@code lastSequence}. */
    public record ExportPart<P>(List<P> resources, long lastSequence, boolean more) {
    }

    /**
     * An export at a {@code readTime}, second part: the records changed after it, restored as they
     * stood then (PastRecords), those the filter selects; up to {@code limit} changed records at a
     * time, from after the revision {@code afterSequence} (0: from the first), in the exported
     * snapshot {@code snapshot}.
     */
    @SuppressWarnings("unchecked")
    public ExportPart<P> exportChanged(String snapshot, Message filter, Instant readTime, long afterSequence, int limit) {
        return past.changedSince(snapshot, resource.filterSql.apply((F) filter), readTime, afterSequence, limit);
    }

    /** Checks a List filter of this resource (e.g. a change feed request's), adding its violations under {@code field}. */
    @SuppressWarnings("unchecked")
    public void validateFilter(Message filter, String field, Violations violations) {
        resource.filterValidator.validate((F) filter, field, violations);
    }

    /**
     * The changes a (valid) List filter selects, in their order: all when it is unset; else those
     * whose resource after the change matches it, and the updates whose resource before it did
     * (a record leaving the filtered set is heard of). Decided by the filter's own SQL over the
     * restored states (PastRecords), so the feed and List never disagree on what matches.
     */
    @SuppressWarnings("unchecked")
    public List<StoredRevision> selected(Message filter, List<StoredRevision> changes) {
        if (filter.equals(filter.getDefaultInstanceForType())) {
            return changes;
        }
        return past.selected(resource.filterSql.apply((F) filter), changes);
    }

    /** The one repeated message field of a list response. */
    private static FieldDescriptor repeatedMessageField(Message response) {
        return response.getDescriptorForType().getFields().stream()
                .filter(field -> field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        response.getDescriptorForType().getFullName() + " has no repeated message field"));
    }

    /**
     * Gives up to {@code limit} records that have no revision yet (stored before the revision store
     * existed) their first one, a CREATED revision of the record as it is now, authored by the
     * service, in one transaction; returns how many it gave. See HistoryBackfill.
     */
    @SuppressWarnings("unchecked")
    public int backfillHistory(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = resource.repository.getEntityManager().createNativeQuery("SELECT " + alias() + ".id FROM "
                    + resource.table + " WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.resource_id = " + alias()
                    + ".id) ORDER BY " + alias() + ".id LIMIT :limit FOR UPDATE SKIP LOCKED") // a concurrent write goes first
                    .setParameter("limit", limit).getResultList();
            // Mapped before the first append: from it to the commit every other write waits.
            Map<E, P> first = new LinkedHashMap<>();
            // Asked again now that the rows are locked: a write that committed after the query's
            // snapshot may have begun a record's history already.
            Set<String> begun = revisions.withHistory(ids);
            for (E record : resource.repository.findIncludingDeleted(ids)) {
                if (!begun.contains(record.id)) {
                    first.put(record, resource.toProto.apply(record));
                }
            }
            first.forEach((record, stored) -> revisions.append(record.id, record.isDeleted()
                    ? ChangeKind.CHANGE_KIND_DELETED : ChangeKind.CHANGE_KIND_CREATED, stored,
                    ChangedFields.setIn(stored), HISTORY_BEGINS));
            return ids.size();
        });
    }

    /** The reason of the first revision of a record stored before revisions were kept. */
    static final Change HISTORY_BEGINS = new Change("history begins: recorded before revisions were kept", null);

    /** The record with this id, or NOT_FOUND (also when it is deleted); in the caller's transaction. */
    public E existing(String id) {
        return resource.repository.findByIdOptional(id).filter(record -> !record.isDeleted())
                .orElseThrow(() -> ResourceException.notFound(resource.type, name(id)));
    }

    /** The Create request's field of the client-chosen id, e.g. "incident_id". */
    public String idField() {
        return resource.field + "_id";
    }

    /** The id in {@code name}, a name of this resource, or null with a violation on {@code field}. */
    public String id(String name, String field, Violations violations) {
        return ResourceNames.parse(resource.collection, name, field, violations);
    }

    private String nameOf(P message) {
        return (String) field(message, "name");
    }

    private String etagOf(P message) {
        return (String) field(message, "etag");
    }

    /** Whether {@code value} names any resource of another service. */
    private boolean namesReferences(P value) {
        for (ReferenceField reference : resource.references) {
            FieldDescriptor field = value.getDescriptorForType().findFieldByName(reference.field());
            if (names(value, field).stream().anyMatch(name -> !name.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code updated} names a referenced resource that {@code current} does not. */
    private boolean addsReferences(P updated, P current) {
        for (ReferenceField reference : resource.references) {
            FieldDescriptor field = updated.getDescriptorForType().findFieldByName(reference.field());
            if (!Set.copyOf(names(current, field)).containsAll(names(updated, field))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks with their owning services the references of {@code value} that {@code before} does
     * not have (all when it is null): references a record already had were checked when written.
     */
    private void checkReferences(P value, P before) {
        Violations violations = new Violations();
        for (ReferenceField reference : resource.references) {
            FieldDescriptor field = value.getDescriptorForType().findFieldByName(reference.field());
            Set<String> known = before == null ? Set.of() : Set.copyOf(names(before, field));
            List<String> names = names(value, field);
            List<Reference> added = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).isEmpty() && !known.contains(names.get(i))) {
                    String path = resource.field + "." + reference.field() + (field.isRepeated() ? "[" + i + "]" : "");
                    added.add(new Reference(path, names.get(i)));
                }
            }
            resource.referenceChecker.check(reference.service(), added, reference.lookup(), violations);
        }
        violations.throwIfAny();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Message message, FieldDescriptor field) {
        Object value = message.getField(field);
        return field.isRepeated() ? (List<String>) value : List.of((String) value);
    }
}
