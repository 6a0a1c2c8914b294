package org.corridorwatch.cli;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.corridorwatch.stack.StackTokens;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;

/**
 * The calls of one resource's service over one channel, made generically from the method
 * descriptors: requests are built by field name from the method's request prototype, so one piece
 * of code serves incidents, deals and statements.
 */
final class Api implements AutoCloseable {

    private final ManagedChannel channel;
    private final long unaryDeadlineSeconds;

    Api(String address, String token, long unaryDeadlineSeconds) {
        this.unaryDeadlineSeconds = unaryDeadlineSeconds;
        // Messages of a page of 1000 records, or a whole revision history page, exceed the default 4 MiB.
        this.channel = ManagedChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(64 << 20)
                .intercept(StackTokens.bearer(token)).build();
    }

    /** A new builder of the request of {@code method}. */
    static Message.Builder request(MethodDescriptor<Message, Message> method) {
        Object prototype = ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
        return ((Message) prototype).newBuilderForType();
    }

    /** The field {@code name} of a message (or builder); a programming error when there is none. */
    static FieldDescriptor field(MessageOrBuilder message, String name) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalStateException(message.getDescriptorForType().getFullName() + " has no field " + name);
        }
        return field;
    }

    /** A unary call, with the command's deadline. */
    Message call(MethodDescriptor<Message, Message> method, Message request) {
        return ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(unaryDeadlineSeconds, TimeUnit.SECONDS), request);
    }

    /**
     * A server-streaming call without deadline (an export or a watch lasts as long as it needs),
     * each message handed to {@code consumer} as it arrives, until the stream ends or the consumer
     * answers false; then the call is cancelled, so the service stops its work. The blocking
     * iterator asks for one message at a time, so a slow consumer slows the service (flow control).
     */
    void stream(MethodDescriptor<Message, Message> method, Message request, Predicate<Message> consumer) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            Iterator<Message> messages = ClientCalls.blockingServerStreamingCall(channel, method, CallOptions.DEFAULT,
                    request);
            while (messages.hasNext()) {
                if (!consumer.test(messages.next())) {
                    break;
                }
            }
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
