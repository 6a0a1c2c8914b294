package org.corridorwatch.support.references;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.validation.Violations;
import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ResourceInfo;

import io.grpc.CallCredentials;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Checks that the resources a write refers to exist in the service that owns them, through that
 * service's BatchGet method, before anything is written. Knows no service's types: the call itself
 * is a {@link BatchLookup}.
 *
 * <ul>
 * <li>Every call has a deadline; a call that fails with UNAVAILABLE (the service is down or
 * restarting) is tried again, up to {@code attempts} calls in all, after a short backoff that
 * grows linearly. One check (all its calls together) also has a budget of {@code attempts}
 * deadlines, so a slow service cannot hold a write for one deadline per reference.
 * <li>A missing resource becomes a field violation naming it, on every field that refers to it,
 * so the caller's INVALID_ARGUMENT lists it with the other mistakes of the request. The BatchGet
 * contract names only the first missing resource, so the check asks again without it until the
 * rest are all found: every missing reference is reported, in at most one call per reference.
 * <li>When the service cannot be reached (UNAVAILABLE after the last attempt, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED) the write must fail rather than store an unchecked reference: UNAVAILABLE
 * with reason {@value #UNAVAILABLE_REASON}, which clients may retry.
 * <li>When the caller cancels its own call, the lookup fails with CANCELLED, which is passed on
 * as such: the other service is not at fault.
 * <li>When the other service refuses this service's own credentials (UNAUTHENTICATED or
 * PERMISSION_DENIED: a key, issuer or role misconfigured in the deployment) the write fails with
 * UNAVAILABLE, reason {@value #REFUSED_REASON}, and an ERROR is logged for operators: the write
 * is never let through unchecked, and the caller's own token is never what was refused.
 * <li>Any other answer means the services disagree about the contract: INTERNAL with reason
 * {@value #FAILED_REASON}. The other service's error details are never passed on as this
 * service's own (its NOT_FOUND is not a NOT_FOUND of the caller's request).
 * </ul>
 */
public final class ReferenceChecker {

    public static final String UNAVAILABLE_REASON = "REFERENCED_SERVICE_UNAVAILABLE";
    public static final String FAILED_REASON = "REFERENCE_CHECK_FAILED";
    public static final String REFUSED_REASON = "REFERENCE_CHECK_REFUSED";

    private static final Logger LOG = Logger.getLogger(ReferenceChecker.class);

    private final Duration deadline;
    private final int attempts;
    private final Duration backoff;
    private final CallCredentials credentials;

    /**
     * @param deadline how long one call may take
     * @param attempts how many calls at most when the service answers UNAVAILABLE (at least 1)
     * @param backoff the pause before the second call; the n-th retry waits n times as long
     * @param credentials what every call carries: the calling service's own
     */
    public ReferenceChecker(Duration deadline, int attempts, Duration backoff, CallCredentials credentials) {
        if (deadline.isNegative() || deadline.isZero() || attempts < 1 || backoff.isNegative()) {
            throw new IllegalArgumentException("deadline must be positive, attempts at least 1, backoff not negative");
        }
        this.deadline = deadline;
        this.attempts = attempts;
        this.backoff = backoff;
        this.credentials = java.util.Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Adds a violation for every reference to a resource that does not exist; throws
     * {@link ApiException} (UNAVAILABLE, or INTERNAL) when the owning service cannot answer.
     * Makes no call when there are no references.
     *
     * @param service how clients know the owning service, e.g. "incidents-service"; goes into
     *        messages and ErrorInfo metadata
     * @param references well-formed references, in request order; repeats are looked up once
     */
    public void check(String service, List<Reference> references, BatchLookup lookup, Violations violations) {
        Set<String> remaining = new LinkedHashSet<>();
        references.forEach(reference -> remaining.add(reference.name()));
        Deadline budget = Deadline.after(deadline.toNanos() * attempts, TimeUnit.NANOSECONDS);
        while (!remaining.isEmpty()) {
            String missing = firstMissing(service, List.copyOf(remaining), lookup, budget);
            if (missing == null) {
                return;
            }
            for (Reference reference : references) {
                if (reference.name().equals(missing)) {
                    violations.add(reference.field(), missing + " does not exist");
                }
            }
            remaining.remove(missing);
        }
    }

    /** The name the service reports missing, or null when all exist. */
    private String firstMissing(String service, List<String> names, BatchLookup lookup, Deadline budget) {
        for (int attempt = 1;; attempt++) {
            if (budget.isExpired()) {
                LOG.warnf("%s answered too slowly to check %d reference(s) within the budget", service, names.size());
                throw unavailable(service);
            }
            try {
                lookup.lookup(names, Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS).minimum(budget), credentials);
                return null;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.NOT_FOUND) {
                    return missingName(service, names, e);
                }
                if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                    throw refused(service, code);
                }
                if (code == Status.Code.CANCELLED) {
                    throw e; // the caller went away; GrpcErrorMapper answers CANCELLED
                }
                if (code == Status.Code.UNAVAILABLE && attempt < attempts) {
                    pause(service, attempt);
                    continue;
                }
                if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                        || code == Status.Code.RESOURCE_EXHAUSTED) {
                    LOG.warnf("%s could not be reached to check references (%s after %d attempt(s))", service, code,
                            attempt);
                    throw unavailable(service);
                }
                throw failed(service, e);
            }
        }
    }

    private String missingName(String service, List<String> names, StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (Any detail : status.getDetailsList()) {
                if (detail.is(ResourceInfo.class)) {
                    String name = unpack(detail).getResourceName();
                    if (names.contains(name)) {
                        return name;
                    }
                }
            }
        }
        // Without a ResourceInfo naming one of the names, nothing says which reference is wrong.
        throw failed(service, e);
    }

    private static ResourceInfo unpack(Any detail) {
        try {
            return detail.unpack(ResourceInfo.class);
        } catch (InvalidProtocolBufferException e) {
            return ResourceInfo.getDefaultInstance();
        }
    }

    private void pause(String service, int attempt) {
        try {
            Thread.sleep(backoff.multipliedBy(attempt).toMillis());
        } catch (InterruptedException e) {
            // The caller's thread is being stopped (shutdown, cancelled call): give up now.
            Thread.currentThread().interrupt();
            throw unavailable(service);
        }
    }

    private static ApiException unavailable(String service) {
        return new ApiException(Status.Code.UNAVAILABLE, UNAVAILABLE_REASON,
                service + " could not be reached to check the references to it; nothing was written. Retry later.",
                Map.of("service", service), List.of());
    }

    private static ApiException refused(String service, Status.Code code) {
        LOG.errorf("%s refused this service's own credentials (%s) while checking references: check that the "
                + "services' key pair matches (SMALLRYE_JWT_SIGN_KEY_LOCATION here, "
                + "CORRIDORWATCH_AUTH_SERVICE_TOKEN_VERIFY_KEY_LOCATION there), and the service-token issuer and the "
                + "audience (CORRIDORWATCH_AUTH_SERVICE_TOKEN_ISSUER, MP_JWT_VERIFY_AUDIENCES) on both", service, code);
        return new ApiException(Status.Code.UNAVAILABLE, REFUSED_REASON,
                service + " refused this service's credentials, so the references to it could not be checked; "
                        + "nothing was written. Operators have been alerted.",
                Map.of("service", service), List.of());
    }

    private static ApiException failed(String service, StatusRuntimeException e) {
        LOG.errorf("Unexpected answer from %s while checking references: %s", service, e.getStatus());
        return new ApiException(Status.Code.INTERNAL, FAILED_REASON,
                "The references to " + service + " could not be checked; nothing was written.",
                Map.of("service", service, "code", e.getStatus().getCode().name()), List.of());
    }

    /** The references among {@code names}, each with its field path {@code field[i]}. */
    public static List<Reference> indexed(String field, List<String> names) {
        List<Reference> references = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            references.add(new Reference(field + "[" + i + "]", names.get(i)));
        }
        return references;
    }
}
