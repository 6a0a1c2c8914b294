package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

import org.jboss.logging.Logger;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import com.google.protobuf.Message;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * What the gRPC transport answers on its own, made as clear as the errors {@link GrpcErrorMapper}
 * makes. Quarkus serves gRPC on the HTTP port through Vert.x's gRPC server, which
 * <ul>
 * <li>percent-encodes the status message as a URL form (see {@link GrpcMessageEncoding}): this
 * sends the message in the {@code grpc-message} trailer itself, encoded as the gRPC protocol says,
 * and gives Vert.x no description to encode;
 * <li>drops a request message it cannot parse without a word, so the method's handler would close
 * the call with INTERNAL "Half-closed without a request": this answers INVALID_ARGUMENT (reason
 * {@value #UNPARSEABLE_REASON}) instead, as the client sent something that is not the method's
 * request;
 * <li>has already answered when a request over the size limit was refused (see
 * {@link RequestTooLargeAnswer}), and then the call's own close fails with "Trailers already sent",
 * which used to be logged as an ERROR for every such request: this drops that close with a DEBUG
 * line.
 * </ul>
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcTransportErrors implements ServerInterceptor, Prioritized {

    public static final String UNPARSEABLE_REASON = "UNPARSEABLE_REQUEST";

    private static final Logger LOG = Logger.getLogger(GrpcTransportErrors.class);
    private static final Metadata.Key<String> GRPC_MESSAGE = Metadata.Key.of("grpc-message",
            Metadata.ASCII_STRING_MARSHALLER);

    private final GrpcErrorMapper errors;

    public GrpcTransportErrors(GrpcErrorMapper errors) {
        this.errors = errors;
    }

    /**
     * Outside Quarkus's exception interceptor (priority MAX_VALUE - 70), whose handler closes calls
     * that throw, so that every close of a call passes here; higher priorities wrap lower ones.
     */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 65;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        ClearlyClosedCall<ReqT, RespT> clear = new ClearlyClosedCall<>(call);
        ServerCall.Listener<ReqT> listener = next.startCall(clear, headers);
        if (!call.getMethodDescriptor().getType().clientSendsOneMessage()) {
            return listener;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            private boolean messageReceived;

            @Override
            public void onMessage(ReqT message) {
                messageReceived = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (messageReceived) {
                    super.onHalfClose();
                } else {
                    // The transport dropped the message (unparseable, or too large), or none was sent.
                    clear.closeUnparseable();
                }
            }
        };
    }

    /** The protobuf message type a method takes, like corridorwatch.incidents.v1.GetIncidentRequest. */
    static String requestType(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof PrototypeMarshaller<?> marshaller
                && marshaller.getMessagePrototype() instanceof Message prototype) {
            return prototype.getDescriptorForType().getFullName();
        }
        return "request for " + method.getFullMethodName();
    }

    private final class ClearlyClosedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

        private volatile boolean closed;

        ClearlyClosedCall(ServerCall<ReqT, RespT> call) {
            super(call);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = true;
            Status sent = status;
            if (!status.isOk() && status.getDescription() != null) {
                // Sent as our own trailer, with the description left out so the transport writes none.
                trailers.put(GRPC_MESSAGE, GrpcMessageEncoding.encode(status.getDescription()));
                sent = status.withDescription(null);
            }
            try {
                super.close(sent, trailers);
            } catch (IllegalStateException alreadyAnswered) {
                // Vert.x answered the call itself (a refused message); there is nothing left to send.
                LOG.debugf("%s: %s not sent: %s", getMethodDescriptor().getFullMethodName(), status.getCode(),
                        alreadyAnswered.getMessage());
            }
        }

        void closeUnparseable() {
            if (closed) {
                return; // refused before its message was read (AccessControl): already answered
            }
            StatusRuntimeException mapped = errors.toStatusException(new ApiException(Status.Code.INVALID_ARGUMENT,
                    UNPARSEABLE_REASON, "The request is not a valid " + requestType(getMethodDescriptor())
                            + " message.", Map.of("method", getMethodDescriptor().getFullMethodName()), List.of()));
            close(mapped.getStatus(), mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers());
        }
    }
}
