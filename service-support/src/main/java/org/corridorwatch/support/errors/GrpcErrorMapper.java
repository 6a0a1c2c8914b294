package org.corridorwatch.support.errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

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

    private static final Logger LOG = Logger.getLogger(GrpcErrorMapper.class);
    /** The trailer StatusProto writes the google.rpc.Status to (keyForProto would name it "google.rpc.status-bin"). */
    private static final Metadata.Key<com.google.rpc.Status> STATUS_DETAILS_KEY = Metadata.Key.of(
            "grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

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

    com.google.rpc.Status toRpcStatus(Throwable failure) {
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
        if (isDatabaseUnreachable(failure)) {
            LOG.warnf("Database unreachable: %s", failure.toString());
            return base(Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE",
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

    private static boolean isDatabaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            // SQLState class 08 is "connection exception"; the pool reports an unreachable server so.
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
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
