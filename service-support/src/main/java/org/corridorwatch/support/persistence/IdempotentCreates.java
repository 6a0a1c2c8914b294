package org.corridorwatch.support.persistence;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Creates that are safe to retry (AIP-155), the same way for every kind of record.
 *
 * <ul>
 * <li>A create with a request_id that an earlier create already carried returns that record
 * ({@link #earlier}, also usable before any other work such as checking references).
 * <li>Otherwise the record is inserted in a transaction of its own, under the client's chosen id
 * or a random UUID; a chosen id that is taken is ALREADY_EXISTS.
 * <li>The insert does not look first: the table's unique constraints answer both questions. A
 * retry (sequential, or racing the original) trips the request_id's constraint, or the primary
 * key's first when the client also chose the id; the transaction is rolled back with nothing
 * written and the record the request_id made is returned. A primary-key conflict without one is
 * ALREADY_EXISTS. Retries and taken ids are rare, so the common create saves two lookups.
 * </ul>
 *
 * @param <E> the stored record
 * @param <P> what the API returns for it
 */
public final class IdempotentCreates<E extends VersionedRecord, P> {

    private final Function<UUID, Optional<E>> findByRequestId;
    private final Function<E, P> toProto;
    private final String primaryKeyConstraint;
    private final Function<String, RuntimeException> alreadyExists;

    /**
     * @param findByRequestId the record a create with this request_id made, if any
     * @param toProto the API's view of a record
     * @param primaryKeyConstraint name of the table's primary-key constraint, e.g. "deals_pkey"
     * @param alreadyExists the error for a taken id
     */
    public IdempotentCreates(Function<UUID, Optional<E>> findByRequestId, Function<E, P> toProto,
            String primaryKeyConstraint, Function<String, RuntimeException> alreadyExists) {
        this.findByRequestId = findByRequestId;
        this.toProto = toProto;
        this.primaryKeyConstraint = primaryKeyConstraint;
        this.alreadyExists = alreadyExists;
    }

    /** The record an earlier create with {@code requestId} made (none for a null requestId). */
    public Optional<P> earlier(UUID requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> findByRequestId.apply(requestId).map(toProto));
    }

    /**
     * Creates the record, or returns the one an earlier create with the same request_id made.
     *
     * @param requestId the request's request_id, or null
     * @param chosenId the client's id for the record, or "" for a generated one
     * @param newRecord a record filled from the request (id and metadata are set here)
     * @param store stores it (and whatever belongs with it), in the create's transaction, flushing
     *            the record's insert, and returns the API's view of it
     */
    public P create(UUID requestId, String chosenId, Supplier<E> newRecord, Function<E, P> store) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> insert(requestId, chosenId, newRecord, store));
        } catch (RuntimeException e) {
            ConstraintViolationException conflict = constraintViolation(e);
            if (conflict != null) {
                Optional<P> original = earlier(requestId);
                if (original.isPresent()) {
                    return original.get();
                }
                if (primaryKeyConstraint.equals(conflict.getConstraintName())) {
                    throw alreadyExists.apply(chosenId);
                }
            }
            throw e;
        }
    }

    private P insert(UUID requestId, String chosenId, Supplier<E> newRecord, Function<E, P> store) {
        E record = newRecord.get();
        record.id = chosenId.isEmpty() ? UUID.randomUUID().toString() : chosenId;
        record.createRequestId = requestId;
        record.createTime = VersionedRecord.now();
        record.updateTime = record.createTime;
        return store.apply(record);
    }

    private static ConstraintViolationException constraintViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c) {
                return c;
            }
        }
        return null;
    }
}
