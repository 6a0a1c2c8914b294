package org.corridorwatch.support.persistence;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Creates that are safe to retry (AIP-155). The insert runs in its own transaction; when it trips
 * a unique constraint, a concurrent call with the same request_id may have won the race (it can
 * trip the primary key first when the client also chose the id), and then its record is the
 * answer. Otherwise a primary-key conflict means the chosen id is taken.
 */
public final class IdempotentCreates {

    private IdempotentCreates() {
    }

    /**
     * @param requestId the request's request_id, or null when it has none
     * @param insert looks up an earlier create with the request_id, else inserts; returns the record
     * @param findByRequestId the record an earlier call with the request_id created, if any
     * @param primaryKeyConstraint name of the table's primary-key constraint
     * @param alreadyExists the error for an id that is taken
     */
    public static <T> T create(UUID requestId, Supplier<T> insert, Function<UUID, Optional<T>> findByRequestId,
            String primaryKeyConstraint, Supplier<? extends RuntimeException> alreadyExists) {
        try {
            return QuarkusTransaction.requiringNew().call(insert::get);
        } catch (RuntimeException e) {
            ConstraintViolationException conflict = constraintViolation(e);
            if (conflict != null && requestId != null) {
                Optional<T> original = QuarkusTransaction.requiringNew().call(() -> findByRequestId.apply(requestId));
                if (original.isPresent()) {
                    return original.get();
                }
            }
            if (conflict != null && primaryKeyConstraint.equals(conflict.getConstraintName())) {
                throw alreadyExists.get();
            }
            throw e;
        }
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
