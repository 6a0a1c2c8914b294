package org.corridorwatch.support.references;

import java.util.List;

import io.grpc.CallCredentials;
import io.grpc.Deadline;

/**
 * One call of another service's BatchGet method (AIP-231), e.g.
 * {@code (names, deadline, credentials) -> deals.withDeadline(deadline).withCallCredentials(credentials)
 * .batchGetDeals(request(names))}: the call carries the calling service's own credentials.
 * It returns normally when every name exists and otherwise throws the
 * {@link io.grpc.StatusRuntimeException} the call failed with, unchanged: NOT_FOUND with a
 * {@code google.rpc.ResourceInfo} naming the first missing resource, UNAVAILABLE, ...
 */
@FunctionalInterface
public interface BatchLookup {

    void lookup(List<String> names, Deadline deadline, CallCredentials credentials);
}
