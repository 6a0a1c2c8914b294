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

    /**
     * Makes the caller's transaction see the snapshot another transaction exported with
     * {@code pg_export_snapshot()} (while that one stays open): several transactions, on any
     * threads, read the same data (an export's changed records at a read_time). Call it before the
     * transaction's first query.
     */
    public static void join(EntityManager entityManager, String snapshot, boolean readOnly) {
        if (!snapshot.matches("[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")) {
            throw new IllegalArgumentException("not a snapshot id: " + snapshot);
        }
        entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                + (readOnly ? ", READ ONLY" : "")).executeUpdate();
        // SET takes no bound parameters: the id, checked above, is a literal.
        entityManager.createNativeQuery("SET TRANSACTION SNAPSHOT '" + snapshot + "'").executeUpdate();
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
