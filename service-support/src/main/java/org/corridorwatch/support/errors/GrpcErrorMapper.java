package org.corridorwatch.support.errors;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * The one place where exceptions become gRPC errors (AIP-193). Quarkus calls it for every failure
 * of every gRPC method of the service, so adapters never build a {@code Status} themselves.
 *
 * <p>Every error gets a {@code google.rpc.ErrorInfo} (reason, domain = this service). Messages are
 * English and never contain class names, SQL or stack traces: anything unexpected becomes
 * INTERNAL with a generic message and is logged here instead.
 */
@ApplicationScoped
public class GrpcErrorMapper implements ExceptionHandlerProvider {

    /** ErrorInfo reason of every failure in which {@link #connectionLossIn} finds a lost database. */
    public static final String DATABASE_UNAVAILABLE_REASON = "DATABASE_UNAVAILABLE";

    private static final Logger LOG = Logger.getLogger(GrpcErrorMapper.class);
    /** The trailer StatusProto writes the google.rpc.Status to (keyForProto would name it "google.rpc.status-bin"). */
    private static final Metadata.Key<com.google.rpc.Status> STATUS_DETAILS_KEY = Metadata.Key.of(
            "grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

    /**
     * PostgreSQL SQLStates besides class 08 (connection exception) that mean the server is gone or
     * refuses connections for now: admin_shutdown ("terminating connection due to administrator
     * command", a restart), crash_shutdown, cannot_connect_now (starting up or shutting down),
     * too_many_connections.
     */
    private static final Set<String> CONNECTION_LOSS_STATES = Set.of("57P01", "57P02", "57P03",
            "53300");
    /** How many exceptions of one failure's chain are looked at, at most. */
    private static final int MAX_EXCEPTIONS_LOOKED_AT = 100;

    private final String domain;

    public GrpcErrorMapper(@ConfigProperty(name = "corridorwatch.errors.domain") String domain) {
        this.domain = domain;
    }

    /** Used for failures of Mutiny-based methods. */
    @Override
    public Throwable transform(Throwable failure) {
        return toStatusException(failure);
    }

    /** Used for exceptions thrown while a call is being processed. */
    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> serverCall, Metadata metadata) {
        return new ExceptionHandler<>(listener, serverCall, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> call, Metadata headers) {
                StatusRuntimeException mapped = toStatusException(failure);
                Metadata trailers = mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers();
                call.close(mapped.getStatus(), trailers);
            }
        };
    }

    /** Maps any failure to a status exception carrying a full {@code google.rpc.Status}. */
    public StatusRuntimeException toStatusException(Throwable failure) {
        if (failure instanceof StatusRuntimeException already && hasDetails(already.getTrailers())) {
            return already;
        }
        return StatusProto.toStatusRuntimeException(toRpcStatus(failure));
    }

    /** The {@code google.rpc.Status} a failure is answered with (code, message, details), e.g. for one record of a batch. */
    public com.google.rpc.Status toRpcStatus(Throwable failure) {
        ApiException api = causeOfType(failure, ApiException.class);
        if (api != null) {
            com.google.rpc.Status.Builder status = base(api.code(), api.reason(), api.getMessage(), api.metadata());
            for (Message detail : api.details()) {
                status.addDetails(Any.pack(detail));
            }
            return status.build();
        }
        if (causeOfType(failure, OptimisticLockException.class) != null
                || causeOfType(failure, StaleStateException.class) != null) {
            return base(Status.Code.ABORTED, "CONCURRENT_MODIFICATION",
                    "The resource was changed by another request at the same time; read it again and retry.",
                    Map.of()).build();
        }
        Throwable connectionLoss = connectionLossIn(failure);
        if (connectionLoss != null) {
            // With the driver's own words (its SQLState and message), which Hibernate no longer logs.
            LOG.warnf("Database unreachable: %s%s", failure,
                    connectionLoss == failure ? "" : " (" + connectionLoss + ")");
            return base(Status.Code.UNAVAILABLE, DATABASE_UNAVAILABLE_REASON,
                    "The service's database is unavailable; retry later.", Map.of()).build();
        }
        Status grpcStatus = statusOf(failure);
        if (grpcStatus != null && grpcStatus.getCode() == Status.Code.CANCELLED) {
            return base(Status.Code.CANCELLED, "CANCELLED", "The call was cancelled.", Map.of()).build();
        }
        if (grpcStatus != null && grpcStatus.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return base(Status.Code.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED", "The call's deadline was exceeded.",
                    Map.of()).build();
        }
        LOG.error("Unexpected failure of a gRPC call", failure);
        return base(Status.Code.INTERNAL, "INTERNAL", "Internal error.", Map.of()).build();
    }

    private com.google.rpc.Status.Builder base(Status.Code code, String reason, String message,
            Map<String, String> metadata) {
        ErrorInfo info = ErrorInfo.newBuilder().setReason(reason).setDomain(domain).putAllMetadata(metadata).build();
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).addDetails(Any.pack(info));
    }

    private static boolean hasDetails(Metadata trailers) {
        return trailers != null && trailers.containsKey(STATUS_DETAILS_KEY);
    }

    private static Status statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException sre) {
                return sre.getStatus();
            }
            if (t instanceof StatusException se) {
                return se.getStatus();
            }
        }
        return null;
    }

    /**
     * The exception in {@code failure} that says the database was lost, or null: it could not be
     * reached, it went away during the call, or it went away during the commit, so the outcome is
     * unknown. Every such
     * failure is UNAVAILABLE: retrying is the right answer, and a retried create with the same
     * request_id does not make a second record.
     *
     * <p>Looks through the causes and the suppressed exceptions: a commit that failed reaches us
     * as Narayana's RollbackException ("ARJUNA016053: Could not commit transaction"), which
     * carries the driver's exception only as a suppressed one.
     */
    private static Throwable connectionLossIn(Throwable failure) {
        return firstInChain(failure, GrpcErrorMapper::isConnectionLoss);
    }

    private static boolean isConnectionLoss(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        // A heuristic outcome: the transaction manager could not learn whether the commit happened.
        if (t instanceof HeuristicMixedException || t instanceof HeuristicRollbackException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state == null) {
                // The pool's own refusals ("Sorry, acquisition timeout!", "Acquisition timeout while
                // waiting for new connection") carry no SQLState: no connection could be had in time.
                return thrownByConnectionPool(sql);
            }
            return state.startsWith("08") || CONNECTION_LOSS_STATES.contains(state);
        }
        return false;
    }

    private static boolean thrownByConnectionPool(SQLException sql) {
        StackTraceElement[] frames = sql.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.agroal.");
    }

    /**
     * The first of {@code failure} and the exceptions it wraps (causes and suppressed ones) that
     * matches, or null; cycles are cut.
     */
    public static Throwable firstInChain(Throwable failure, Predicate<Throwable> test) {
        Deque<Throwable> pending = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        pending.push(failure);
        while (!pending.isEmpty() && seen.size() < MAX_EXCEPTIONS_LOOKED_AT) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return t;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return null;
    }

    static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
