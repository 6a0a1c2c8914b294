package org.corridorwatch.support.persistence;

import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Reads that run several statements (a summary's total and groups, a search's hits and the records
 * shown with them) and must agree with each other while others write: one read-only transaction at
 * REPEATABLE READ, so every statement sees the same snapshot.
 */
public final class Snapshots {

    private Snapshots() {
    }

    /** Runs {@code read} in a new read-only transaction that sees one snapshot of the database. */
    public static <T> T read(EntityManager entityManager, Supplier<T> read) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Must be the transaction's first statement: PostgreSQL fixes the snapshot at the first query.
            entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .executeUpdate();
            return read.get();
        });
    }
}
