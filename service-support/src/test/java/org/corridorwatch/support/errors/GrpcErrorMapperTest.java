package org.corridorwatch.support.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

import javax.transaction.xa.XAException;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;

import org.corridorwatch.support.validation.Violations;
import org.hibernate.StaleStateException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.arc.ArcUndeclaredThrowableException;

class GrpcErrorMapperTest {

    private static final String DOMAIN = "test.corridorwatch.org";

    private final GrpcErrorMapper mapper = new GrpcErrorMapper(DOMAIN);

    /** The google.rpc.Status a client would read from the mapped exception. */
    private com.google.rpc.Status map(Throwable failure) {
        StatusRuntimeException mapped = mapper.toStatusException(failure);
        com.google.rpc.Status status = StatusProto.fromThrowable(mapped);
        assertNotNull(status, "the mapped exception must carry a google.rpc.Status");
        assertEquals(status.getCode(), mapped.getStatus().getCode().value(), "gRPC code and rpc Status code agree");
        assertEquals(status.getMessage(), mapped.getStatus().getDescription());
        return status;
    }

    private static <T extends Message> List<T> details(com.google.rpc.Status status, Class<T> type) {
        return status.getDetailsList().stream().filter(any -> any.is(type)).map(any -> unpack(any, type)).toList();
    }

    private static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static ErrorInfo errorInfo(com.google.rpc.Status status) {
        List<ErrorInfo> infos = details(status, ErrorInfo.class);
        assertEquals(1, infos.size(), "exactly one ErrorInfo");
        assertEquals(DOMAIN, infos.get(0).getDomain());
        return infos.get(0);
    }

    private static void assertCode(Status.Code expected, com.google.rpc.Status status) {
        assertEquals(expected.value(), status.getCode(), () -> "expected " + expected + " but got " + status);
    }

    @Test
    void invalidArgumentCarriesErrorInfoAndEveryViolation() {
        Violations violations = new Violations().add("incident.title", "is required")
                .add("incident.country", "must be an ISO 3166-1 alpha-2 country code in upper case, like \"PK\"")
                .add("request_id", "must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
        List<FieldViolation> expected = violations.list();

        com.google.rpc.Status status = map(new InvalidArgumentException(expected));

        assertCode(Status.Code.INVALID_ARGUMENT, status);
        ErrorInfo info = errorInfo(status);
        assertEquals("INVALID_ARGUMENT", info.getReason());
        assertEquals(Map.of("violations", "3"), info.getMetadataMap());
        List<BadRequest> badRequests = details(status, BadRequest.class);
        assertEquals(1, badRequests.size());
        assertEquals(expected, badRequests.get(0).getFieldViolationsList());
        assertEquals("Invalid request: 3 fields are invalid; see the BadRequest details.", status.getMessage());
    }

    @Test
    void invalidArgumentListsAtMostTheCapButCountsEveryViolation() {
        Violations violations = new Violations();
        for (int i = 0; i < 40; i++) {
            violations.add("names[" + i + "]", "must be a resource name like \"incidents/{id}\"");
        }

        com.google.rpc.Status status = map(new InvalidArgumentException(violations.list()));

        assertEquals(violations.list().subList(0, InvalidArgumentException.MAX_LISTED),
                details(status, BadRequest.class).get(0).getFieldViolationsList());
        assertEquals(Map.of("violations", "40"), errorInfo(status).getMetadataMap());
        assertEquals("Invalid request: 40 fields are invalid; the BadRequest details list the first 25.",
                status.getMessage());
    }

    @Test
    void invalidArgumentFromThrowIfAnyIsMapped() {
        Violations violations = new Violations().add("name", "is required");
        InvalidArgumentException thrown;
        try {
            violations.throwIfAny();
            throw new AssertionError("throwIfAny did not throw");
        } catch (InvalidArgumentException e) {
            thrown = e;
        }

        com.google.rpc.Status status = map(thrown);

        assertCode(Status.Code.INVALID_ARGUMENT, status);
        assertEquals("Invalid request: name: is required", status.getMessage());
        assertEquals(violations.list(), details(status, BadRequest.class).get(0).getFieldViolationsList());
    }

    @Test
    void notFoundCarriesResourceInfo() {
        com.google.rpc.Status status = map(ResourceException.notFound("corridorwatch.org/Incident", "incidents/x"));

        assertCode(Status.Code.NOT_FOUND, status);
        ErrorInfo info = errorInfo(status);
        assertEquals("RESOURCE_NOT_FOUND", info.getReason());
        assertEquals(Map.of("resource", "incidents/x"), info.getMetadataMap());
        assertEquals(List.of(ResourceInfo.newBuilder().setResourceType("corridorwatch.org/Incident")
                .setResourceName("incidents/x").build()), details(status, ResourceInfo.class));
        assertEquals("incidents/x does not exist.", status.getMessage());
    }

    @Test
    void alreadyExistsCarriesResourceInfo() {
        com.google.rpc.Status status = map(ResourceException.alreadyExists("corridorwatch.org/Incident", "incidents/x"));

        assertCode(Status.Code.ALREADY_EXISTS, status);
        assertEquals("RESOURCE_ALREADY_EXISTS", errorInfo(status).getReason());
        assertEquals("incidents/x", details(status, ResourceInfo.class).get(0).getResourceName());
    }

    @Test
    void etagMismatchIsAborted() {
        com.google.rpc.Status status = map(new EtagMismatchException("incidents/x"));

        assertCode(Status.Code.ABORTED, status);
        ErrorInfo info = errorInfo(status);
        assertEquals("ETAG_MISMATCH", info.getReason());
        assertEquals(Map.of("resource", "incidents/x"), info.getMetadataMap());
        assertTrue(status.getMessage().contains("incidents/x"), status.getMessage());
    }

    @Test
    void customApiExceptionKeepsItsDetailsInOrder() {
        PreconditionFailure failure = PreconditionFailure.newBuilder().addViolations(
                PreconditionFailure.Violation.newBuilder().setType("STATE").setSubject("incidents/x")).build();
        ResourceInfo resource = ResourceInfo.newBuilder().setResourceName("incidents/x").build();
        ApiException e = new ApiException(Status.Code.FAILED_PRECONDITION, "INCIDENT_CLOSED", "incidents/x is closed.",
                Map.of("state", "CLOSED"), List.of(failure, resource));

        com.google.rpc.Status status = map(e);

        assertCode(Status.Code.FAILED_PRECONDITION, status);
        assertEquals("incidents/x is closed.", status.getMessage());
        ErrorInfo info = errorInfo(status);
        assertEquals("INCIDENT_CLOSED", info.getReason());
        assertEquals(Map.of("state", "CLOSED"), info.getMetadataMap());
        assertEquals(3, status.getDetailsCount());
        assertTrue(status.getDetails(0).is(ErrorInfo.class), "ErrorInfo comes first");
        assertEquals(failure, unpack(status.getDetails(1), PreconditionFailure.class));
        assertEquals(resource, unpack(status.getDetails(2), ResourceInfo.class));
    }

    @Test
    void optimisticLockIsAbortedAsConcurrentModification() {
        com.google.rpc.Status status = map(new OptimisticLockException("Row was updated or deleted by another"));

        assertCode(Status.Code.ABORTED, status);
        assertEquals("CONCURRENT_MODIFICATION", errorInfo(status).getReason());
        assertFalse(status.getMessage().contains("Row was updated"), status.getMessage());
    }

    @Test
    void wrappedHibernateStaleStateIsAbortedAsConcurrentModification() {
        com.google.rpc.Status status = map(
                new RuntimeException("commit failed", new StaleStateException("Batch update returned unexpected row count")));

        assertCode(Status.Code.ABORTED, status);
        assertEquals("CONCURRENT_MODIFICATION", errorInfo(status).getReason());
    }

    @Test
    void connectionSqlStateWrappedInRuntimeExceptionIsUnavailable() {
        SQLException sql = new SQLException("Connection to db:5432 refused", "08001");

        com.google.rpc.Status status = map(new RuntimeException("could not open connection", sql));

        assertCode(Status.Code.UNAVAILABLE, status);
        assertEquals("DATABASE_UNAVAILABLE", errorInfo(status).getReason());
        assertFalse(status.getMessage().contains("5432"), status.getMessage());
    }

    @Test
    void transientConnectionExceptionIsUnavailable() {
        com.google.rpc.Status status = map(new IllegalStateException("pool", new SQLTransientConnectionException(
                "Acquisition timeout")));

        assertCode(Status.Code.UNAVAILABLE, status);
    }

    /** Checks that {@code failure} is answered as a lost database: UNAVAILABLE, DATABASE_UNAVAILABLE, no internals. */
    private void assertDatabaseUnavailable(Throwable failure) {
        com.google.rpc.Status status = map(failure);
        assertCode(Status.Code.UNAVAILABLE, status);
        assertEquals(GrpcErrorMapper.DATABASE_UNAVAILABLE_REASON, errorInfo(status).getReason());
        assertEquals("The service's database is unavailable; retry later.", status.getMessage());
    }

    /** What Agroal throws when no pooled connection can be had in time: a bare SQLException from its pool. */
    private static SQLException poolRefusal(String message) {
        SQLException refusal = new SQLException(message);
        refusal.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.agroal.pool.ConnectionPool", "getConnection", "ConnectionPool.java", 263) });
        return refusal;
    }

    @Test
    void serverRestartTerminatingTheConnectionIsUnavailable() {
        // What a query gets when PostgreSQL shuts down under it (pg_ctl stop -m fast, a restart).
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command",
                "57P01");
        assertDatabaseUnavailable(new GenericJDBCException("JDBC exception executing SQL", terminated));
    }

    @Test
    void crashShutdownAndNotAcceptingConnectionsAreUnavailable() {
        assertDatabaseUnavailable(new RuntimeException(new SQLException("terminating connection because of crash",
                "57P02")));
        assertDatabaseUnavailable(new RuntimeException(new SQLException("the database system is starting up",
                "57P03")));
        assertDatabaseUnavailable(new RuntimeException(new SQLException("sorry, too many clients already", "53300")));
    }

    @Test
    void ioErrorOfTheDriverIsUnavailable() {
        // PgJDBC reports a socket that broke mid-statement with SQLState 08006 (connection failure).
        SQLException io = new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new java.io.EOFException());
        assertDatabaseUnavailable(new GenericJDBCException("could not execute statement", io));
    }

    @Test
    void hibernateConnectionExceptionAndNonTransientConnectionExceptionAreUnavailable() {
        assertDatabaseUnavailable(new JDBCConnectionException("could not obtain connection", new SQLException("x")));
        assertDatabaseUnavailable(new RuntimeException(new SQLNonTransientConnectionException("connection closed")));
    }

    @Test
    void commitThatFailedBecauseTheConnectionDiedIsUnavailable() {
        // Narayana's answer to a commit whose connection was terminated: a RollbackException that
        // carries the XAException (and the driver's exception under it) only as a suppressed one,
        // wrapped by Arc when the @Transactional method returns.
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertDatabaseUnavailable(new ArcUndeclaredThrowableException("Error invoking subclass method", rollback));
    }

    @Test
    void commitWithAHeuristicOutcomeIsUnavailable() {
        // The transaction manager cannot tell whether the commit happened: a retry is the answer (a
        // create retried with its request_id returns the record if it was made).
        assertDatabaseUnavailable(new RuntimeException(new HeuristicMixedException("ARJUNA016036: commit failed")));
        assertDatabaseUnavailable(new HeuristicRollbackException("ARJUNA016099: rolled back"));
    }

    @Test
    void commitThatFailedForAnotherReasonIsStillInternal() {
        // A deferred unique constraint failing at commit is a bug of ours, not the database going away.
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new XAException("commit failed"));
        rollback.getSuppressed()[0].initCause(new SQLException("duplicate key value", "23505"));

        assertCode(Status.Code.INTERNAL, map(new ArcUndeclaredThrowableException("x", rollback)));
    }

    @Test
    void poolThatCouldNotLendAConnectionInTimeIsUnavailable() {
        assertDatabaseUnavailable(new GenericJDBCException("Unable to acquire JDBC Connection",
                poolRefusal("Sorry, acquisition timeout!")));
        assertDatabaseUnavailable(new GenericJDBCException("Unable to acquire JDBC Connection",
                poolRefusal("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void exceptionChainsWithCyclesEnd() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.addSuppressed(second);

        assertCode(Status.Code.INTERNAL, map(second));
    }

    @Test
    void otherSqlStatesAreInternal() {
        com.google.rpc.Status status = map(new RuntimeException(new SQLException("duplicate key", "23505")));
        assertCode(Status.Code.INTERNAL, status);

        status = map(new RuntimeException(new SQLException("no state")));
        assertCode(Status.Code.INTERNAL, status);
    }

    @Test
    void unknownFailureIsInternalWithoutLeakingDetails() {
        RuntimeException secret = new RuntimeException("secret SQL select * from x");

        com.google.rpc.Status status = map(secret);

        assertCode(Status.Code.INTERNAL, status);
        assertEquals("INTERNAL", errorInfo(status).getReason());
        assertEquals(Map.of(), errorInfo(status).getMetadataMap());
        assertFalse(status.getMessage().contains("secret"), status.getMessage());
        assertFalse(status.getMessage().contains("select"), status.getMessage());
        assertFalse(status.getMessage().contains("RuntimeException"), status.getMessage());
        assertFalse(status.getMessage().contains("java.lang"), status.getMessage());
        assertEquals(1, status.getDetailsCount(), "nothing but the ErrorInfo");
        StatusRuntimeException mapped = mapper.toStatusException(secret);
        assertFalse(String.valueOf(mapped.getStatus().getDescription()).contains("secret"));
        assertEquals(null, mapped.getStatus().getCause(), "the cause would be logged by gRPC, not sent");
    }

    @Test
    void uncheckedNullPointerIsInternal() {
        com.google.rpc.Status status = map(new NullPointerException("Cannot invoke \"String.length()\""));

        assertCode(Status.Code.INTERNAL, status);
        assertFalse(status.getMessage().contains("NullPointer"), status.getMessage());
        assertFalse(status.getMessage().contains("String.length"), status.getMessage());
    }

    @Test
    void apiExceptionWrappedAsCauseIsStillFound() {
        RuntimeException wrapper = new RuntimeException("transaction rolled back",
                new IllegalStateException("inner", ResourceException.notFound("corridorwatch.org/Incident", "incidents/y")));

        com.google.rpc.Status status = map(wrapper);

        assertCode(Status.Code.NOT_FOUND, status);
        assertEquals("RESOURCE_NOT_FOUND", errorInfo(status).getReason());
        assertEquals("incidents/y does not exist.", status.getMessage());
    }

    @Test
    void apiExceptionWinsOverAWrappingOptimisticLock() {
        OptimisticLockException lock = new OptimisticLockException("stale", new EtagMismatchException("incidents/z"));

        com.google.rpc.Status status = map(lock);

        assertCode(Status.Code.ABORTED, status);
        assertEquals("ETAG_MISMATCH", errorInfo(status).getReason());
    }

    @Test
    void cancelledCallStaysCancelled() {
        com.google.rpc.Status status = map(Status.CANCELLED.withDescription("client went away").asRuntimeException());

        assertCode(Status.Code.CANCELLED, status);
        assertEquals("CANCELLED", errorInfo(status).getReason());
    }

    @Test
    void deadlineExceededStaysDeadlineExceeded() {
        com.google.rpc.Status status = map(new RuntimeException(Status.DEADLINE_EXCEEDED.asException()));

        assertCode(Status.Code.DEADLINE_EXCEEDED, status);
        assertEquals("DEADLINE_EXCEEDED", errorInfo(status).getReason());
    }

    @Test
    void bareStatusOfAnotherCodeBecomesInternal() {
        com.google.rpc.Status status = map(Status.UNKNOWN.withDescription("upstream said: select *").asRuntimeException());

        assertCode(Status.Code.INTERNAL, status);
        assertFalse(status.getMessage().contains("select"), status.getMessage());
    }

    @Test
    void alreadyMappedExceptionIsReturnedAsIs() {
        StatusRuntimeException first = mapper.toStatusException(
                ResourceException.notFound("corridorwatch.org/Incident", "incidents/x"));

        StatusRuntimeException second = mapper.toStatusException(first);

        assertSame(first, second);
        assertCode(Status.Code.NOT_FOUND, StatusProto.fromThrowable(second));
    }

    @Test
    void statusExceptionWithRichDetailsFromElsewhereIsKept() {
        com.google.rpc.Status rich = com.google.rpc.Status.newBuilder().setCode(Status.Code.NOT_FOUND.value())
                .setMessage("incidents/q does not exist.")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("RESOURCE_NOT_FOUND").setDomain(DOMAIN).build()))
                .build();

        com.google.rpc.Status status = map(StatusProto.toStatusRuntimeException(rich));

        assertEquals(rich, status);
    }

    @Test
    void transformReturnsTheSameMappingAsToStatusException() {
        Throwable transformed = mapper.transform(new EtagMismatchException("incidents/x"));

        assertTrue(transformed instanceof StatusRuntimeException, String.valueOf(transformed));
        com.google.rpc.Status status = StatusProto.fromThrowable(transformed);
        assertNotNull(status);
        assertCode(Status.Code.ABORTED, status);
        assertEquals("ETAG_MISMATCH", errorInfo(status).getReason());
    }

    @Test
    void domainComesFromTheConstructor() {
        com.google.rpc.Status status = StatusProto.fromThrowable(
                new GrpcErrorMapper("other.example").toStatusException(new RuntimeException("x")));

        assertEquals("other.example", details(status, ErrorInfo.class).get(0).getDomain());
    }
}
