package org.corridorwatch.support.persistence;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.corridorwatch.support.errors.GrpcErrorMapper;
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
 * written, and only then are the record the request_id made and the chosen id looked up. A
 * create saves two lookups; a retry or a taken id costs a failed insert (a dead row for vacuum
 * and an error line in the database's log), so bulk paths that expect repeats (a re-import) ask
 * {@link #earlier} first.
 * </ul>
 *
 * @param <E> the stored record
 * @param <P> what the API returns for it
 */
public final class IdempotentCreates<E extends VersionedRecord, P> {

    private final Function<UUID, Optional<E>> findByRequestId;
    private final Function<String, Optional<E>> findById;
    private final Function<E, P> toProto;
    private final Function<String, RuntimeException> alreadyExists;

    /**
     * @param findByRequestId the record a create with this request_id made, if any
     * @param findById the record with this id, if any
     * @param toProto the API's view of a record
     * @param alreadyExists the error for a taken id
     */
    public IdempotentCreates(Function<UUID, Optional<E>> findByRequestId, Function<String, Optional<E>> findById,
            Function<E, P> toProto, Function<String, RuntimeException> alreadyExists) {
        this.findByRequestId = findByRequestId;
        this.findById = findById;
        this.toProto = toProto;
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
            if (!isConstraintViolation(e)) {
                throw e;
            }
            // Looked up, not read from the constraint's name: that comes from the server's message,
            // in the server's language.
            Optional<P> original;
            boolean taken;
            try {
                original = earlier(requestId);
                taken = original.isEmpty() && !chosenId.isEmpty()
                        && QuarkusTransaction.requiringNew().call(() -> findById.apply(chosenId).isPresent());
            } catch (RuntimeException lookup) {
                e.addSuppressed(lookup);
                throw e;
            }
            if (original.isPresent()) {
                return original.get();
            }
            if (taken) {
                throw alreadyExists.apply(chosenId);
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

    /**
     * Whether a unique constraint refused the insert. A failure at the commit (a store that did not
     * flush) comes as the transaction manager's, with the database's only among the suppressed.
     */
    private static boolean isConstraintViolation(Throwable failure) {
        return GrpcErrorMapper.firstInChain(failure, ConstraintViolationException.class::isInstance) != null;
    }
}
