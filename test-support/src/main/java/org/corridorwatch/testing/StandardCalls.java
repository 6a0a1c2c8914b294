package org.corridorwatch.testing;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;

/**
 * Calls a service's standard methods by their names ({@code Create<Resource>},
 * {@code List<Resource>Revisions}, ...) and reads messages by field name, so that the generic
 * test cases (HistoryCases, FeedCases) need to know only which resource and service they test.
 */
final class StandardCalls {

    private final Channel channel;
    private final ServiceDescriptor service;
    private final Message resource;
    private final CallOptions options;

    /** @param resource any message of the resource type; @param options the calls' credentials */
    StandardCalls(Channel channel, ServiceDescriptor service, Message resource, CallOptions options) {
        this.channel = channel;
        this.service = service;
        this.resource = resource;
        this.options = options;
    }

    /** Calls the unary {@code method} with the test deadline. */
    Message call(String method, Message request) {
        @SuppressWarnings("unchecked")
        MethodDescriptor<Message, Message> descriptor = (MethodDescriptor<Message, Message>) method(method);
        return ClientCalls.blockingUnaryCall(channel, descriptor,
                options.withDeadlineAfter(TestCallDeadline.DEFAULT.toMillis(), TimeUnit.MILLISECONDS), request);
    }

    MethodDescriptor<?, ?> method(String name) {
        return service.getMethods().stream().filter(m -> name.equals(m.getBareMethodName())).findFirst()
                .orElseThrow(() -> new AssertionError(service.getName() + " has no method " + name));
    }

    /** An empty request of {@code method}. */
    Message.Builder request(String method) {
        return AccessMatrixTest.prototype(method(method)).newBuilderForType();
    }

    FieldDescriptor requestField(String method, String field) {
        FieldDescriptor descriptor = AccessMatrixTest.prototype(method(method)).getDescriptorForType()
                .findFieldByName(field);
        if (descriptor == null) {
            throw new AssertionError(method + "'s request has no field " + field);
        }
        return descriptor;
    }

    /** "Incident", from the resource message's name. */
    String type() {
        return resource.getDescriptorForType().getName();
    }

    /** "Incidents", from the name's collection. */
    String plural() {
        String collection = collection();
        return Character.toUpperCase(collection.charAt(0)) + collection.substring(1);
    }

    /** "incidents", from the resource's name pattern. */
    String collection() {
        String pattern = resource.getDescriptorForType().getOptions()
                .getExtension(com.google.api.ResourceProto.resource).getPattern(0);
        return pattern.substring(0, pattern.indexOf('/'));
    }

    /** "incident": the resource's field in Create and Update requests. */
    String resourceField() {
        String type = type();
        return Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    /** The id in a resource's name. */
    String id(Message message) {
        return name(message).substring(collection().length() + 1);
    }

    static String name(Message message) {
        return (String) message.getField(field(message, "name"));
    }

    static FieldDescriptor field(Message message, String name) {
        return message.getDescriptorForType().findFieldByName(name);
    }
}
