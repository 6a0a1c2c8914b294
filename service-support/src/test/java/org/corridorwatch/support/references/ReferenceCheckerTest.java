package org.corridorwatch.support.references;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.validation.Violations;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;

import io.grpc.CallCredentials;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

class ReferenceCheckerTest {

    private static final Duration DEADLINE = Duration.ofMillis(800);
    /** Stands for the service's own credentials: the checker must hand exactly these to every call. */
    private static final CallCredentials OWN = new CallCredentials() {
        @Override
        public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
            applier.apply(new Metadata());
        }
    };
    private final ReferenceChecker checker = new ReferenceChecker(DEADLINE, 3, Duration.ofMillis(1), OWN);

    /** A BatchGet of a service holding {@code existing}, recording every call's names. */
    private static final class FakeService implements BatchLookup {
        final Set<String> existing;
        final List<List<String>> calls = new ArrayList<>();
        final List<Deadline> deadlines = new ArrayList<>();
        final List<Status> failures = new ArrayList<>();

        FakeService(String... existing) {
            this.existing = Set.of(existing);
        }

        /** The next calls fail with these statuses, one each, before the service answers normally. */
        FakeService failing(Status... statuses) {
            failures.addAll(List.of(statuses));
            return this;
        }

        @Override
        public void lookup(List<String> names, Deadline deadline, CallCredentials credentials) {
            assertSame(OWN, credentials, "every call carries the service's own credentials");
            calls.add(names);
            deadlines.add(deadline);
            if (!failures.isEmpty()) {
                throw failures.remove(0).asRuntimeException();
            }
            for (String name : names) {
                if (!existing.contains(name)) {
                    // What the services' BatchGet methods send, through the same error classes.
                    ResourceException e = ResourceException.notFound("corridorwatch.org/Deal", name);
                    throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Status.Code.NOT_FOUND.value()).setMessage(e.getMessage())
                            .addAllDetails(e.details().stream().map(Any::pack).toList()).build());
                }
            }
        }
    }

    private static List<Reference> refs(String... names) {
        return ReferenceChecker.indexed("statement.deals", List.of(names));
    }

    @Test
    void existingReferencesPassInOneCallWithADeadline() {
        FakeService deals = new FakeService("deals/ml-1", "deals/minerals");
        Violations v = new Violations();

        checker.check("investments-service", refs("deals/ml-1", "deals/minerals", "deals/ml-1"), deals, v);

        assertTrue(v.isEmpty(), v.list()::toString);
        assertEquals(List.of(List.of("deals/ml-1", "deals/minerals")), deals.calls, "repeats are looked up once");
        long left = deals.deadlines.get(0).timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 0 && left <= DEADLINE.toMillis(), "deadline left: " + left);
    }

    @Test
    void noReferencesMakeNoCall() {
        FakeService deals = new FakeService();
        checker.check("investments-service", List.of(), deals, new Violations());
        assertTrue(deals.calls.isEmpty());
    }

    @Test
    void everyMissingReferenceIsAViolationOnEveryFieldNamingIt() {
        FakeService deals = new FakeService("deals/ml-1");
        Violations v = new Violations();

        checker.check("investments-service",
                refs("deals/gone", "deals/ml-1", "deals/never", "deals/gone"), deals, v);

        assertEquals(Map.of(
                "statement.deals[0]", "deals/gone does not exist",
                "statement.deals[2]", "deals/never does not exist",
                "statement.deals[3]", "deals/gone does not exist"),
                v.list().stream().collect(java.util.stream.Collectors.toMap(f -> f.getField(), f -> f.getDescription())));
        // Asked again without each missing name, until the rest were found.
        assertEquals(List.of(List.of("deals/gone", "deals/ml-1", "deals/never"), List.of("deals/ml-1", "deals/never"),
                List.of("deals/ml-1")), deals.calls);
    }

    @Test
    void retriesUnavailableAndSucceedsWhenTheServiceComesBack() {
        FakeService deals = new FakeService("deals/ml-1").failing(Status.UNAVAILABLE, Status.UNAVAILABLE);
        Violations v = new Violations();

        checker.check("investments-service", refs("deals/ml-1"), deals, v);

        assertTrue(v.isEmpty());
        assertEquals(3, deals.calls.size());
        // Each attempt gets its own, fresh deadline.
        assertEquals(3, deals.deadlines.stream().distinct().count());
    }

    @Test
    void aServiceThatStaysUnavailableFailsTheCheckAfterTheLastAttempt() {
        FakeService deals = new FakeService("deals/ml-1").failing(Status.UNAVAILABLE, Status.UNAVAILABLE,
                Status.UNAVAILABLE, Status.UNAVAILABLE);

        ApiException e = assertThrows(ApiException.class,
                () -> checker.check("investments-service", refs("deals/ml-1"), deals, new Violations()));

        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertEquals(ReferenceChecker.UNAVAILABLE_REASON, e.reason());
        assertEquals(Map.of("service", "investments-service"), e.metadata());
        assertTrue(e.getMessage().contains("investments-service"), e.getMessage());
        assertEquals(3, deals.calls.size(), "bounded retry: 3 attempts in all");
    }

    @Test
    void aSlowServiceIsUnavailableWithoutRetrying() {
        // The deadline passed once already; retrying would only double the caller's wait.
        FakeService deals = new FakeService("deals/ml-1").failing(Status.DEADLINE_EXCEEDED);

        ApiException e = assertThrows(ApiException.class,
                () -> checker.check("investments-service", refs("deals/ml-1"), deals, new Violations()));

        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertEquals(1, deals.calls.size());
    }

    @Test
    void oneCheckHasABudgetOfAttemptsTimesTheDeadline() {
        // A service that answers each call within the deadline, but slowly, cannot hold a write
        // for one deadline per missing reference: after the budget the check gives up.
        ReferenceChecker quick = new ReferenceChecker(Duration.ofMillis(100), 2, Duration.ZERO, OWN);
        List<Long> budgetsLeft = new ArrayList<>();
        BatchLookup slowAndMissingAll = (names, deadline, credentials) -> {
            budgetsLeft.add(deadline.timeRemaining(TimeUnit.MILLISECONDS));
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            new FakeService().lookup(names, deadline, credentials); // none exists: names the first
        };

        ApiException e = assertThrows(ApiException.class, () -> quick.check("investments-service",
                refs("deals/a", "deals/b", "deals/c", "deals/d", "deals/e"), slowAndMissingAll, new Violations()));

        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertTrue(budgetsLeft.size() < 5, "gave up before asking about every reference: " + budgetsLeft);
        // The last call was given only what was left of the budget, less than a whole deadline.
        assertTrue(budgetsLeft.get(budgetsLeft.size() - 1) < 100, budgetsLeft::toString);
    }

    @Test
    void aCallTheCallerCancelledStaysCancelled() {
        // The caller's own call was cancelled (its context carries over to the lookup): the
        // other service is not at fault, so this is neither UNAVAILABLE nor INTERNAL.
        FakeService deals = new FakeService("deals/ml-1").failing(Status.CANCELLED);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> checker.check("investments-service", refs("deals/ml-1"), deals, new Violations()));

        assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
        assertEquals(1, deals.calls.size());
    }

    @Test
    void anUnexpectedAnswerIsInternalAndDoesNotPassTheOtherServicesErrorOn() {
        ErrorInfo theirs = ErrorInfo.newBuilder().setReason("INVALID_ARGUMENT").setDomain("investments.corridorwatch.org")
                .build();
        BatchLookup broken = (names, deadline, credentials) -> {
            throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.INVALID_ARGUMENT.value()).setMessage("names: too many")
                    .addDetails(Any.pack(theirs)).build());
        };

        ApiException e = assertThrows(ApiException.class,
                () -> checker.check("investments-service", refs("deals/ml-1"), broken, new Violations()));

        assertEquals(Status.Code.INTERNAL, e.code());
        assertEquals(ReferenceChecker.FAILED_REASON, e.reason());
        assertEquals("INVALID_ARGUMENT", e.metadata().get("code"));
        assertTrue(e.details().isEmpty());
    }

    @Test
    void aNotFoundThatNamesNoneOfTheReferencesIsInternal() {
        BatchLookup confused = (names, deadline, credentials) -> {
            throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.NOT_FOUND.value())
                    .addDetails(Any.pack(ResourceInfo.newBuilder().setResourceName("deals/other").build())).build());
        };
        BatchLookup bare = (names, deadline, credentials) -> {
            throw new StatusRuntimeException(Status.NOT_FOUND);
        };
        Violations v = new Violations();

        for (BatchLookup lookup : List.of(confused, bare)) {
            ApiException e = assertThrows(ApiException.class,
                    () -> checker.check("investments-service", refs("deals/ml-1"), lookup, v));
            assertEquals(Status.Code.INTERNAL, e.code());
        }
        assertTrue(v.isEmpty(), "no reference is blamed without the service naming it");
    }

    @Test
    void aServiceThatRefusesTheServicesCredentialsMakesTheWriteUnavailable() {
        for (Status refusal : List.of(Status.UNAUTHENTICATED, Status.PERMISSION_DENIED)) {
            FakeService deals = new FakeService("deals/ml-1").failing(refusal);
            Violations v = new Violations();

            ApiException e = assertThrows(ApiException.class,
                    () -> checker.check("investments-service", refs("deals/ml-1"), deals, v));

            assertEquals(Status.Code.UNAVAILABLE, e.code());
            assertEquals(ReferenceChecker.REFUSED_REASON, e.reason());
            assertEquals("investments-service", e.metadata().get("service"));
            assertEquals(1, deals.calls.size(), "a refusal is not retried");
            assertTrue(v.isEmpty());
        }
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ReferenceChecker(Duration.ZERO, 3, Duration.ZERO, OWN));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceChecker(DEADLINE, 0, Duration.ZERO, OWN));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        FakeService deals = new FakeService("deals/ml-1").failing(Status.UNAVAILABLE);
        ReferenceChecker once = new ReferenceChecker(DEADLINE, 1, Duration.ZERO, OWN);

        assertThrows(ApiException.class, () -> once.check("investments-service", refs("deals/ml-1"), deals,
                new Violations()));
        assertEquals(1, deals.calls.size());
    }
}
