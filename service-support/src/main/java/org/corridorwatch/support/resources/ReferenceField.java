package org.corridorwatch.support.resources;

import java.util.List;
import java.util.function.BiConsumer;

import org.corridorwatch.support.references.BatchLookup;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;

/**
 * A field of a resource that names resources another service owns, e.g. a statement's
 * {@code incidents}, checked with that service's BatchGet before a write.
 *
 * @param field the resource's field, a string or repeated string, e.g. "incidents" or "affected_deal"
 * @param service how clients know the owning service, e.g. "incidents-service"
 * @param lookup one call of the owning service's BatchGet
 */
public record ReferenceField(String field, String service, BatchLookup lookup) {

    /**
     * A reference field checked through {@code stub}, e.g.
     * {@code ReferenceField.of("deals", "investments-service", deals, dealsChannel, (stub, names) -> stub.batchGetDeals(...))}.
     * Each call has the check's deadline and waits for a channel that is still connecting. Just
     * after the other service restarts, the channel may still be waiting out its reconnect backoff
     * (grpc-java's grows to two minutes while the service is down), so a call that finds the channel
     * in TRANSIENT_FAILURE first makes it try to connect now: writes work again as soon as the other
     * service is back, not when the backoff ends. It carries the checker's credentials (the
     * service's own), set on this call only.
     *
     * @param channel the channel {@code stub} calls over; {@code @GrpcClient} injects it as a
     *        {@link ManagedChannel}, beside the stub (the stub's own channel is wrapped by its
     *        interceptors)
     */
    public static <S extends AbstractStub<S>> ReferenceField of(String field, String service, S stub,
            Channel channel, BiConsumer<S, List<String>> batchGet) {
        if (!(channel instanceof ManagedChannel managed)) {
            throw new IllegalArgumentException("the reference check to " + service + " needs its ManagedChannel, not "
                    + channel.getClass().getName());
        }
        return new ReferenceField(field, service, (names, deadline, credentials) -> {
            if (managed.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                managed.resetConnectBackoff();
            }
            batchGet.accept(stub.withDeadline(deadline).withCallCredentials(credentials).withWaitForReady(), names);
        });
    }
}
