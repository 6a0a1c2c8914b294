package org.corridorwatch.support.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

/**
 * Server-streaming methods bound through grpc-java's own server calls, whose observer honours
 * flow control (isReady, the on-ready handler): Watch and Export. quarkus-grpc's Mutiny Multi
 * bridge requests every item at once, so a slow client would make the service buffer without
 * bound.
 */
public final class FlowControlledMethods {

    private FlowControlledMethods() {
    }

    /**
     * {@code bound} (a service's definition, e.g. its Mutiny ImplBase's) with {@code method}, a
     * server-streaming method, served by {@code handler}. Every other method is bound as it was.
     */
    public static <Q, C> ServerServiceDefinition bind(ServerServiceDefinition bound, MethodDescriptor<Q, C> method,
            ServerCalls.ServerStreamingMethod<Q, C> handler) {
        ServerServiceDefinition.Builder rebound = ServerServiceDefinition.builder(bound.getServiceDescriptor());
        for (ServerMethodDefinition<?, ?> existing : bound.getMethods()) {
            if (!existing.getMethodDescriptor().getFullMethodName().equals(method.getFullMethodName())) {
                rebound.addMethod(existing);
            }
        }
        return rebound.addMethod(method, ServerCalls.asyncServerStreamingCall(handler)).build();
    }
}
