package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.FieldMask;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What several deal tests check: error codes and details, and rows read straight from PostgreSQL. */
final class InvestmentsTestSupport {

    static final String DOMAIN = "investments.corridorwatch.org";

    private InvestmentsTestSupport() {
    }

    /**
     * Runs the call, expecting it to fail with the code and an ErrorInfo of this service's domain;
     * returns the error for further checks.
     */
    static StatusRuntimeException assertFails(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status was " + e.getStatus());
        assertEquals(DOMAIN, GrpcErrors.errorInfo(e).getDomain());
        return e;
    }

    /** Expects INVALID_ARGUMENT whose BadRequest names exactly these fields. */
    static StatusRuntimeException assertInvalid(Set<String> fields, Executable call) {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, call);
        assertEquals("INVALID_ARGUMENT", GrpcErrors.errorInfo(e).getReason());
        assertEquals(new TreeSet<>(fields), GrpcErrors.violatedFields(e));
        return e;
    }

    /**
     * Expects INVALID_ARGUMENT naming every field of {@code exact}, at least one field under each
     * of {@code under} (a field itself or an element of it, e.g. "deal.sectors" or
     * "deal.sectors[1]", where the contract leaves the exact path open), and nothing else.
     */
    static StatusRuntimeException assertInvalid(Set<String> exact, Set<String> under, Executable call) {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, call);
        Set<String> violated = GrpcErrors.violatedFields(e);
        assertTrue(violated.containsAll(exact), () -> "expected " + new TreeSet<>(exact) + " among " + violated);
        for (String prefix : under) {
            assertTrue(violated.stream().anyMatch(f -> isUnder(f, prefix)),
                    () -> "expected a violation of " + prefix + " among " + violated);
        }
        for (String field : violated) {
            assertTrue(exact.contains(field) || under.stream().anyMatch(p -> isUnder(field, p)),
                    () -> "unexpected violation of " + field + " among " + violated);
        }
        return e;
    }

    private static boolean isUnder(String field, String prefix) {
        return field.equals(prefix) || field.startsWith(prefix + "[") || field.startsWith(prefix + ".");
    }

    /**
     * Expects FAILED_PRECONDITION for an illegal status transition of {@code deal} that names
     * {@code rule} (as the DealStatus comment does) in its PreconditionFailure and ErrorInfo.
     */
    static StatusRuntimeException assertIllegalTransition(String rule, String deal, Executable call) {
        StatusRuntimeException e = assertFails(Status.Code.FAILED_PRECONDITION, call);
        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals("ILLEGAL_STATUS_TRANSITION", info.getReason());
        PreconditionFailure failure = GrpcErrors.detail(e, PreconditionFailure.class);
        assertEquals(1, failure.getViolationsCount(), failure::toString);
        assertEquals(rule, failure.getViolations(0).getType());
        assertEquals(rule, info.getMetadataOrThrow("rule"));
        assertEquals(deal, failure.getViolations(0).getSubject());
        return e;
    }

    /** What the calls of a {@link #race} returned and how the others failed. */
    record RaceResult<T>(List<T> successes, List<StatusRuntimeException> failures) {
    }

    /**
     * Runs the calls on their own threads, released together by a start gate, and collects their
     * outcomes. A failure other than a gRPC error fails the test.
     */
    static <T> RaceResult<T> race(List<Callable<T>> calls) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> successes = new ArrayList<>();
            List<StatusRuntimeException> failures = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    successes.add(future.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof StatusRuntimeException grpc)) {
                        throw new AssertionError("a racer failed unexpectedly", e.getCause());
                    }
                    failures.add(grpc);
                } catch (TimeoutException e) {
                    throw new AssertionError("a racer did not finish within 30 s", e);
                }
            }
            return new RaceResult<>(successes, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Expects exactly one winner, every other racer ABORTED as a lost race; returns the winner. */
    static <T> T assertOneWinsTheOthersAbort(RaceResult<T> result) {
        assertEquals(1, result.successes().size(), () -> "exactly one write wins; failures " + result.failures());
        for (StatusRuntimeException loser : result.failures()) {
            assertEquals(Status.Code.ABORTED, loser.getStatus().getCode(), () -> "the loser got " + loser.getStatus());
            String reason = GrpcErrors.errorInfo(loser).getReason();
            assertTrue(Set.of("ETAG_MISMATCH", "CONCURRENT_MODIFICATION").contains(reason), reason);
        }
        return result.successes().get(0);
    }

    static FieldMask mask(String... paths) {
        return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
    }

    /** The id part of a deal's name, "deals/{id}". */
    static String id(String dealName) {
        assertTrue(dealName.startsWith("deals/"), dealName);
        return dealName.substring("deals/".length());
    }

    /** Rows in the deals table: proves what was (not) written. */
    static long dealRows(DataSource dataSource) throws SQLException {
        return count(dataSource, "SELECT count(*) FROM deals WHERE delete_time IS NULL", null);
    }

    /** Rows in the status history, of all deals. */
    static long transitionRows(DataSource dataSource) throws SQLException {
        return count(dataSource, "SELECT count(*) FROM deal_status_transitions", null);
    }

    /** Rows in the status history of one deal, by its name. */
    static long transitionRows(DataSource dataSource, String dealName) throws SQLException {
        return count(dataSource, "SELECT count(*) FROM deal_status_transitions WHERE deal_id = ?", id(dealName));
    }

    private static long count(DataSource dataSource, String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
