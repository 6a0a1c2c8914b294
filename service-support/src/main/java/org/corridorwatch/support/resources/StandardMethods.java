package org.corridorwatch.support.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.persistence.Query;

import org.corridorwatch.support.errors.EtagMismatchException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.masks.FieldMasks;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.paging.KeysetOrder.Cursor;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.persistence.BatchGets;
import org.corridorwatch.support.persistence.IdempotentCreates;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.references.Reference;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

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
 * id, and a request_id seen before returns the original record instead (checked before step 6).
 * </ol>
 * No transaction is open while another service is asked (step 6).
 *
 * <p>A service makes its resource a CDI bean by extending this class with a constructor that builds
 * the definition; it adds nothing else here.
 */
public class StandardMethods<E extends VersionedRecord, P extends Message, F extends Message> {

    private final ResourceDefinition<E, P, F> resource;
    private final IdempotentCreates<E, P> creates;
    private final Class<? extends VersionedRecord> recordClass;
    /** The columns a page reads (see {@link #selectList()}), looked up once. */
    private volatile String selectList;

    public StandardMethods(ResourceDefinition<E, P, F> resource) {
        this.resource = resource;
        this.creates = new IdempotentCreates<>(resource.repository::findByCreateRequestId,
                resource.repository::findByIdOptional, resource.toProto, resource.collection + "_pkey",
                id -> ResourceException.alreadyExists(resource.type, name(id)));
        resource.check();
        this.recordClass = resource.newRecord.get().getClass();
    }

    /** The resource name of the record with this id, e.g. "incidents/dasu-2021". */
    private String name(String id) {
        return ResourceNames.format(resource.collection, id);
    }

    /** Get: the resource {@code name} names. */
    public P get(String name) {
        String id = parseName(name, "name");
        return QuarkusTransaction.joiningExisting().call(() -> resource.toProto.apply(readOnly(id)));
    }

    /** The record with this id, or NOT_FOUND, loaded read-only: Hibernate keeps no snapshot to dirty-check. */
    @SuppressWarnings("unchecked")
    private E readOnly(String id) {
        E record = (E) resource.repository.getEntityManager().find(recordClass, id,
                Map.of(HibernateHints.HINT_READ_ONLY, true));
        if (record == null) {
            throw ResourceException.notFound(resource.type, name(id));
        }
        return record;
    }

    /**
     * BatchGet (AIP-231): the resources a BatchGet request's {@code names} name, in the order asked,
     * all or NOT_FOUND naming the first missing one; answered in {@code response}'s repeated field
     * of the resource.
     */
    public <R extends Message> R batchGet(Message request, R response) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) field(request, "names");
        List<P> found = QuarkusTransaction.joiningExisting().call(() -> BatchGets.get(names, resource.collection,
                resource.type, resource.repository::findExisting, resource.toProto));
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
    @SuppressWarnings("unchecked")
    private <R extends Message> R answer(R response, List<P> resources, String nextPageToken) {
        Message.Builder answer = response.newBuilderForType();
        for (FieldDescriptor field : answer.getDescriptorForType().getFields()) {
            if (field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && field.getMessageType().equals(resource.prototype.getDescriptorForType())) {
                answer.setField(field, resources);
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
        return QuarkusTransaction.joiningExisting().call(() -> {
            Page<E> page = KeysetPages.read(order, PageSizes.withoutPaging(request), pageToken, size, violations,
                    (after, limit) -> findPage(filter, order, after, limit), resource.dateKey);
            // Mapped in the transaction: the records' collections load lazily (in batches).
            return new Page<>(page.rows().stream().map(resource.toProto).toList(), page.nextPageToken());
        });
    }

    @SuppressWarnings("unchecked")
    private List<E> findPage(F filter, KeysetOrder order, Cursor after, int limit) {
        SqlConditions sql = resource.filterSql.apply(filter);
        String idColumn = alias() + ".id";
        if (after != null) {
            sql.add(order.afterCursorCondition(idColumn), "cursorValue", after.sortValue()).bind("cursorId", after.id());
        }
        Query query = resource.repository.getEntityManager().createNativeQuery("SELECT " + selectList() + " FROM "
                + resource.table + sql.where() + order.orderByClause(idColumn) + " LIMIT :limit", recordClass);
        // Read-only: the page is only mapped to messages, so Hibernate keeps no snapshots to check.
        return sql.bindTo(query).setParameter("limit", limit).setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
    }

    /**
     * The table's stored columns but the generated ones, qualified by the alias. Generated columns
     * (the full-text search vectors) are mapped by no entity and are the largest of a row: a
     * {@code SELECT alias.*} would read them only to throw them away.
     */
    @SuppressWarnings("unchecked")
    private String selectList() {
        if (selectList == null) {
            String tableName = resource.table.substring(0, resource.table.indexOf(' '));
            List<String> columns = resource.repository.getEntityManager().createNativeQuery(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema()"
                            + " AND table_name = :table AND is_generated = 'NEVER' ORDER BY ordinal_position")
                    .setParameter("table", tableName).getResultList();
            selectList = String.join(", ", columns.stream().map(column -> alias() + "." + column).toList());
        }
        return selectList;
    }

    private String alias() {
        return resource.table.substring(resource.table.lastIndexOf(' ') + 1);
    }

    /** Create, with the resource's own rules only (see the class comment for the order of checks). */
    public P create(P value, String chosenId, String requestId) {
        return create(value, chosenId, requestId, violations -> {
        }, resource.repository::persistAndFlush);
    }

    /**
     * Create, for resources that check more of the request or store more with the record (a deal's
     * first status history entry).
     *
     * @param moreRules adds violations of the request's other fields, checked with the resource's
     * @param persist stores the new record (id and metadata set) and what belongs with it
     */
    public P create(P value, String chosenId, String requestId, Consumer<Violations> moreRules, Consumer<E> persist) {
        Violations violations = new Violations();
        resource.validator.validate(value, resource.field, violations);
        moreRules.accept(violations);
        violations.resourceId(resource.field + "_id", chosenId);
        violations.uuid("request_id", requestId);
        violations.throwIfAny();

        UUID requestUuid = requestId.isEmpty() ? null : UUID.fromString(requestId);
        if (namesReferences(value)) {
            // A retry returns the original without asking other services again. Without references
            // (none named by this record either) there is nothing to spare: creates.create looks the
            // request_id up itself, in its own transaction.
            var earlier = creates.earlier(requestUuid);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            checkReferences(value, null);
        }
        return creates.create(requestUuid, chosenId, () -> {
            E record = resource.newRecord.get();
            resource.copyInto.accept(value, record);
            return record;
        }, persist);
    }

    /** What an update will write, and the etag of the record it was planned from. */
    private record PlannedUpdate<P>(String id, P current, P updated, String etag) {
    }

    /** Update: the fields {@code mask} names, from {@code patch} (see the class comment for the order of checks). */
    public P update(P patch, FieldMask mask) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(resource.collection, nameOf(patch), resource.field + ".name", violations);
        FieldMask checked = withoutFieldsChangedElsewhere(mask, violations);
        // A mask that named only such fields has had its say: no "mask is required" on top.
        if (checked.getPathsCount() > 0 || checked.equals(mask)) {
            // Whether the paths exist depends on the message type only, so the prototype serves.
            FieldMasks.apply(checked, resource.prototype, patch, resource.maskRules, "update_mask",
                    violations);
        }
        violations.throwIfAny();

        PlannedUpdate<P> plan = QuarkusTransaction.requiringNew().call(() -> plan(id, patch, checked));
        if (plan.updated().equals(plan.current())) {
            return plan.current();
        }
        if (addsReferences(plan.updated(), plan.current())) {
            checkReferences(plan.updated(), plan.current());
        }
        return QuarkusTransaction.requiringNew().call(() -> write(plan));
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

    private P write(PlannedUpdate<P> plan) {
        E record = existing(plan.id());
        record.requireEtag(plan.etag(), resource.field + " changed while its update was checked");
        resource.copyInto.accept(plan.updated(), record);
        record.touch();
        // Flush now so a concurrent writer's version bump fails this call (ABORTED), not the commit.
        resource.repository.flush();
        return resource.toProto.apply(record);
    }

    /** Delete: the resource {@code name} names, if {@code etag} (when given) is current. */
    public void delete(String name, String etag) {
        String id = parseName(name, "name");
        QuarkusTransaction.requiringNew().run(() -> {
            E record = existing(id);
            EtagMismatchException.check(name, etag, record.etag());
            resource.repository.delete(record);
            resource.repository.flush();
        });
    }

    /** The record with this id, or NOT_FOUND; in the caller's transaction. */
    public E existing(String id) {
        return resource.repository.findByIdOptional(id)
                .orElseThrow(() -> ResourceException.notFound(resource.type, name(id)));
    }

    /** The id in {@code name}, a name of this resource, or null with a violation on {@code field}. */
    public String id(String name, String field, Violations violations) {
        return ResourceNames.parse(resource.collection, name, field, violations);
    }

    private String parseName(String name, String field) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(resource.collection, name, field, violations);
        violations.throwIfAny();
        return id;
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
