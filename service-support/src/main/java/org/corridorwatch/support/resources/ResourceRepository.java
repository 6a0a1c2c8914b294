package org.corridorwatch.support.resources;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.corridorwatch.support.persistence.VersionedRecord;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The stored records of one resource, as the standard methods need them. A service's Panache
 * repository implements it and adds only its own queries (summaries, searches).
 */
public interface ResourceRepository<E extends VersionedRecord> extends PanacheRepositoryBase<E, String> {

    /** The record a create with this request_id made, if any. */
    default Optional<E> findByCreateRequestId(UUID requestId) {
        return find("createRequestId", requestId).firstResultOptional();
    }

    /** The records with these ids that exist and are not deleted, in no particular order. */
    default List<E> findExisting(List<String> ids) {
        return list("id in ?1 and deleteTime is null", ids);
    }

    /** The records with these ids that exist, deleted ones too, in no particular order. */
    default List<E> findIncludingDeleted(List<String> ids) {
        return list("id in ?1", ids);
    }
}
