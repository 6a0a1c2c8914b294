package org.corridorwatch.support.resources;

import java.util.List;
import java.util.function.BiConsumer;

import org.corridorwatch.support.references.BatchLookup;

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
     * {@code ReferenceField.of("deals", "investments-service", deals, (stub, names) -> stub.batchGetDeals(...))}.
     * Each call has the check's deadline and waits for a channel that is still connecting: just
     * after the other service restarts, the channel may be backing off from failed attempts, and
     * the call waits for it (within the deadline) instead of failing at once. It carries the
     * checker's credentials (the service's own), set on this call only.
     */
    public static <S extends AbstractStub<S>> ReferenceField of(String field, String service, S stub,
            BiConsumer<S, List<String>> batchGet) {
        return new ReferenceField(field, service,
                (names, deadline, credentials) -> batchGet.accept(
                        stub.withDeadline(deadline).withCallCredentials(credentials).withWaitForReady(), names));
    }
}
