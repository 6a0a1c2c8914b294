package org.corridorwatch.support.errors;

import java.util.List;
import java.util.Map;

import com.google.rpc.ResourceInfo;

import io.grpc.Status;

/** Errors about one named resource (NOT_FOUND, ALREADY_EXISTS), with a {@code google.rpc.ResourceInfo}. */
public final class ResourceException extends ApiException {

    private ResourceException(Status.Code code, String reason, String message, String resourceType, String name) {
        super(code, reason, message, Map.of("resource", name),
                List.of(ResourceInfo.newBuilder().setResourceType(resourceType).setResourceName(name).build()));
    }

    /** The resource does not exist. {@code resourceType} is like "corridorwatch.org/Incident". */
    public static ResourceException notFound(String resourceType, String name) {
        return new ResourceException(Status.Code.NOT_FOUND, "RESOURCE_NOT_FOUND", name + " does not exist.",
                resourceType, name);
    }

    /** A resource with that name already exists. */
    public static ResourceException alreadyExists(String resourceType, String name) {
        return new ResourceException(Status.Code.ALREADY_EXISTS, "RESOURCE_ALREADY_EXISTS",
                name + " already exists.", resourceType, name);
    }
}
