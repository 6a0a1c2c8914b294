package org.corridorwatch.support.resources;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.masks.MaskRules;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.references.ReferenceChecker;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Message;

/**
 * One kind of resource as the {@link StandardMethods} see it: everything that is the resource's own
 * (its names, its record and mapping, its validation rules, its filter SQL, its orderings, its
 * references to other services' resources), and nothing about how Get, List, Create, Update or
 * Delete work. A service builds one at startup, e.g.
 * {@code ResourceDefinition.of("incidents", ...).repository(...).mapping(...)...}; every part but
 * the references is required. The update_mask rules come from the resource message's
 * {@code google.api.field_behavior} annotations (MaskRules).
 *
 * @param <E> the stored record
 * @param <P> the resource message
 * @param <F> the List filter message
 */
public final class ResourceDefinition<E extends VersionedRecord, P extends Message, F extends Message> {

    /** Checks a message, adding a violation per broken rule; {@code field} is its path in the request. */
    @FunctionalInterface
    public interface Validator<T> {
        void validate(T message, String field, Violations violations);
    }

    final String collection;
    final String type;
    final String field;
    final P prototype;
    ResourceRepository<E> repository;
    Supplier<E> newRecord;
    Function<E, P> toProto;
    BiConsumer<P, E> copyInto;
    /** Copies what copyInto leaves to the service; by default nothing. */
    BiConsumer<P, E> restoreServiceFields = (resource, record) -> {
    };
    Validator<P> validator;
    Validator<F> filterValidator;
    Function<F, SqlConditions> filterSql;
    String table;
    Map<String, KeysetOrder> orderings;
    Function<P, LocalDate> dateKey;
    final List<ReferenceField> references = new ArrayList<>();
    ReferenceChecker referenceChecker;
    final Map<String, String> changedOnlyBy = new HashMap<>();
    /** How an export reads the records: plain SQL straight into messages (every other read goes through the entities). */
    ExportRows exportRows;
    /** What an update_mask may name, from the message's field behaviours. */
    final MaskRules maskRules;

    private ResourceDefinition(String field, P prototype) {
        // The contract says it once (google.api.resource).
        ResourceMetadata metadata = ResourceMetadata.of(prototype.getDescriptorForType());
        this.type = metadata.type();
        this.collection = metadata.collection();
        this.field = field;
        this.prototype = prototype;
        this.maskRules = MaskRules.of(prototype.getDescriptorForType());
    }

    /** Refuses a definition with a part missing: a programming error, found at startup. */
    void check() {
        for (Object part : new Object[] { repository, newRecord, toProto, copyInto, validator, filterValidator,
                filterSql, table, orderings, dateKey, exportRows }) {
            Objects.requireNonNull(part, () -> collection + ": every part of a resource definition is required");
        }
        if (!references.isEmpty() && referenceChecker == null) {
            throw new IllegalStateException(collection + ": references need a reference checker");
        }
    }

    /**
     * The resource type (for ResourceInfo) and the collection of its names (also the table's
     * primary key constraint "{collection}_pkey") come from the message's google.api.resource
     * option.
     *
     * @param field the resource's field in Create and Update requests, e.g. "incident"; error paths
     *        start with it ("incident.title") and the client-chosen id is "{field}_id"
     * @param prototype the resource message's default instance
     */
    public static <E extends VersionedRecord, P extends Message, F extends Message> ResourceDefinition<E, P, F> of(
            String field, P prototype) {
        return new ResourceDefinition<>(field, prototype);
    }

    /** Where the records are stored. */
    public ResourceDefinition<E, P, F> repository(ResourceRepository<E> repository) {
        this.repository = repository;
        return this;
    }

    /**
     * The record and its mapping: an empty record, the API's view of a record, and copying a
     * (validated) resource's fields into a record (not the name or the metadata).
     */
    public ResourceDefinition<E, P, F> mapping(Supplier<E> newRecord, Function<E, P> toProto, BiConsumer<P, E> copyInto) {
        this.newRecord = newRecord;
        this.toProto = toProto;
        this.copyInto = copyInto;
        return this;
    }

    /**
     * For records restored from a revision (as-of reads, the change feed's filter): copies the
     * fields a revision carries that {@code copyInto} leaves to the service, e.g. a deal's status,
     * which only its transitions set.
     */
    public ResourceDefinition<E, P, F> restoring(BiConsumer<P, E> serviceFields) {
        this.restoreServiceFields = serviceFields;
        return this;
    }

    /** The rules a resource must satisfy to be stored, on create and after an update's mask is applied. */
    public ResourceDefinition<E, P, F> validator(Validator<P> validator) {
        this.validator = validator;
        return this;
    }

    /**
     * The List filter: its rules, and the SQL conditions it selects, over {@code table} (e.g.
     * "incidents i": the alias qualifies the conditions' and orderings' columns).
     */
    public ResourceDefinition<E, P, F> filter(Validator<F> validator, Function<F, SqlConditions> sql, String table) {
        this.filterValidator = validator;
        this.filterSql = sql;
        this.table = table;
        return this;
    }

    /**
     * The orderings List offers by order_by text ("" the default), each walked keyset style;
     * the date orderings sort on a column whose value for a resource {@code dateKey} gives (a page
     * token carries the last one's), the others on the update time.
     */
    public ResourceDefinition<E, P, F> orderings(Map<String, KeysetOrder> orderings, Function<P, LocalDate> dateKey) {
        this.orderings = orderings;
        this.dateKey = dateKey;
        return this;
    }

    /** A field naming another service's resources, checked with {@code checker} before writes. */
    public ResourceDefinition<E, P, F> reference(ReferenceField reference, ReferenceChecker checker) {
        this.references.add(reference);
        this.referenceChecker = checker;
        return this;
    }

    /**
     * How exports read the records: {@code rows}, plain SQL straight into messages, the same
     * messages as {@code toProto} makes of the entities at several times the speed (ExportRows).
     */
    public ResourceDefinition<E, P, F> exportRows(ExportRows rows) {
        this.exportRows = rows;
        return this;
    }

    /**
     * A field set on create that only a custom method changes, e.g. a deal's "status" and
     * TransitionDealStatus: an update_mask naming it is refused with a message saying so.
     */
    public ResourceDefinition<E, P, F> changedOnlyBy(String field, String method) {
        this.changedOnlyBy.put(field, method);
        return this;
    }
}
