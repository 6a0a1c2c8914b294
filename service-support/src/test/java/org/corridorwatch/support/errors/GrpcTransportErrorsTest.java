package org.corridorwatch.support.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;

class GrpcTransportErrorsTest {

    private static final Metadata.Key<String> GRPC_MESSAGE = Metadata.Key.of("grpc-message",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<ErrorInfo, ErrorInfo> UNARY = MethodDescriptor.<ErrorInfo, ErrorInfo>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.v1.TestService/Check")
            .setRequestMarshaller(ProtoUtils.marshaller(ErrorInfo.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ErrorInfo.getDefaultInstance())).build();

    private final GrpcTransportErrors interceptor = new GrpcTransportErrors(new GrpcErrorMapper("test.corridorwatch.org"));

    /** The transport's side of a call: records how it was closed; can refuse, as Vert.x does once it answered. */
    private static final class TransportCall extends ServerCall<ErrorInfo, ErrorInfo> {
        final List<Status> closedWith = new ArrayList<>();
        final List<Metadata> trailers = new ArrayList<>();
        boolean alreadyAnswered;

        @Override
        public void close(Status status, Metadata trailers) {
            if (alreadyAnswered) {
                throw new IllegalStateException("Trailers already sent");
            }
            closedWith.add(status);
            this.trailers.add(trailers);
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(ErrorInfo message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<ErrorInfo, ErrorInfo> getMethodDescriptor() {
            return UNARY;
        }
    }

    /** The method's handler: remembers what reached it and the call it was given. */
    private static final class Handler implements ServerCallHandler<ErrorInfo, ErrorInfo> {
        ServerCall<ErrorInfo, ErrorInfo> call;
        final List<String> events = new ArrayList<>();

        @Override
        public ServerCall.Listener<ErrorInfo> startCall(ServerCall<ErrorInfo, ErrorInfo> call, Metadata headers) {
            this.call = call;
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(ErrorInfo message) {
                    events.add("message " + message.getReason());
                }

                @Override
                public void onHalfClose() {
                    events.add("half-close");
                }
            };
        }
    }

    @Test
    void statusMessageTravelsAsAProtocolEncodedTrailerAndNotAsTheDescription() {
        TransportCall transport = new TransportCall();
        Handler handler = new Handler();
        interceptor.interceptCall(transport, new Metadata(), handler);

        handler.call.close(Status.INVALID_ARGUMENT.withDescription("name: like \"incidents/{id}\", 100% 中"),
                new Metadata());

        assertEquals(Status.Code.INVALID_ARGUMENT, transport.closedWith.get(0).getCode());
        assertNull(transport.closedWith.get(0).getDescription(), "the transport has no message to encode its way");
        assertEquals("name: like \"incidents/{id}\", 100%25 %E4%B8%AD", transport.trailers.get(0).get(GRPC_MESSAGE));
    }

    @Test
    void okAndMessagelessClosesPassAsTheyAre() {
        TransportCall transport = new TransportCall();
        Handler handler = new Handler();
        interceptor.interceptCall(transport, new Metadata(), handler);

        handler.call.close(Status.OK, new Metadata());

        assertEquals(Status.OK, transport.closedWith.get(0));
        assertNull(transport.trailers.get(0).get(GRPC_MESSAGE));
    }

    @Test
    void closeAfterTheTransportAnsweredIsDroppedQuietly() {
        TransportCall transport = new TransportCall();
        transport.alreadyAnswered = true;
        Handler handler = new Handler();
        interceptor.interceptCall(transport, new Metadata(), handler);

        handler.call.close(Status.INTERNAL.withDescription("Half-closed without a request"), new Metadata());

        assertEquals(List.of(), transport.closedWith);
    }

    @Test
    void halfCloseWithoutAParsedMessageIsInvalidArgumentNamingTheRequestType() throws Exception {
        TransportCall transport = new TransportCall();
        Handler handler = new Handler();
        ServerCall.Listener<ErrorInfo> listener = interceptor.interceptCall(transport, new Metadata(), handler);

        listener.onHalfClose();

        assertEquals(List.of(), handler.events, "the handler never sees the call without its request");
        Status status = transport.closedWith.get(0);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("The request is not a valid google.rpc.ErrorInfo message.",
                transport.trailers.get(0).get(GRPC_MESSAGE));
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, transport.trailers.get(0));
        ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
        assertEquals(GrpcTransportErrors.UNPARSEABLE_REASON, info.getReason());
        assertEquals("test.v1.TestService/Check", info.getMetadataMap().get("method"));
    }

    @Test
    void aParsedMessageReachesTheHandler() {
        TransportCall transport = new TransportCall();
        Handler handler = new Handler();
        ServerCall.Listener<ErrorInfo> listener = interceptor.interceptCall(transport, new Metadata(), handler);

        listener.onMessage(ErrorInfo.newBuilder().setReason("R").build());
        listener.onHalfClose();

        assertEquals(List.of("message R", "half-close"), handler.events);
        assertTrue(transport.closedWith.isEmpty());
    }
}
