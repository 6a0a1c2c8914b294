package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import io.grpc.Status;

/** ABORTED: the caller's etag is stale; it should read the resource again and retry. */
public final class EtagMismatchException extends ApiException {

    public EtagMismatchException(String name) {
        super(Status.Code.ABORTED, "ETAG_MISMATCH",
                name + " has changed since the given etag was read; read it again and retry.",
                Map.of("resource", name), List.of());
    }

    /** Throws when {@code requested} is given and differs from {@code current}. */
    public static void check(String name, String requested, String current) {
        if (!requested.isEmpty() && !requested.equals(current)) {
            throw new EtagMismatchException(name);
        }
    }
}
