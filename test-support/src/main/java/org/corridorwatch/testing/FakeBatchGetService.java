package org.corridorwatch.testing;

import org.corridorwatch.support.auth.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.rpc.ResourceInfo;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Another service's BatchGet method (AIP-231) as a service's tests need it: it answers the way
 * the real services do (all found, or NOT_FOUND with a {@code google.rpc.ResourceInfo} naming the
 * first missing name) over the names a test registers, and can be switched down (UNAVAILABLE),
 * slow (answering after {@code slowMillis}), flaky, refusing its caller, or held (answering only when the test lets it,
 * to make another request land while a write waits for its check). {@link FakeServicesResource}
 * serves it on a real local port, so the service under test calls it over a socket like the real
 * thing.
 *
 * <p>It works from the method's descriptor alone, as AIP-231 shapes every BatchGet: the request's
 * {@code repeated string names}, and a response whose one repeated message field holds the
 * resources, in request order, each with its {@code name} set. So each service's tests pass the
 * method of the stubs they generate ({@code DealServiceGrpc.getBatchGetDealsMethod()}) and
 * nothing else.
 */
public final class FakeBatchGetService {

    /** How the fake behaves. */
    public enum Mode {
        /** Answers like the real service. */
        UP,
        /** Every call fails with UNAVAILABLE, as when the service is restarting. */
        DOWN,
        /** Answers correctly, but only after the slow delay: longer than the caller's deadline. */
        SLOW,
        /** Every call fails with UNAUTHENTICATED, as when the caller's token is not trusted here. */
        UNAUTHENTICATED,
        /** Every call fails with PERMISSION_DENIED, as when the caller's token lacks the role. */
        PERMISSION_DENIED
    }

    private static final Context.Key<Optional<String>> AUTHORIZATION_SEEN = Context.key("authorization");

    /** How long a held call waits at most for {@link #release()}. */
    private static final long HOLD_LIMIT_SECONDS = 30;

    private final String resourceType;
    private final long slowMillis;
    private final ServerServiceDefinition definition;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final List<Optional<Duration>> callDeadlines = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> callAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch held = new CountDownLatch(0);

    /**
     * @param method the BatchGet method to answer, from the service's generated stubs
     * @param resourceType for ResourceInfo, e.g. "corridorwatch.org/Deal"
     * @param slowMillis how long a SLOW answer takes
     */
    public <Q extends Message, R extends Message> FakeBatchGetService(MethodDescriptor<Q, R> method,
            String resourceType, long slowMillis) {
        this.resourceType = resourceType;
        this.slowMillis = slowMillis;
        this.definition = definition(method);
    }

    /** Makes these names exist; returns the first. */
    public String add(String... names) {
        existing.addAll(List.of(names));
        return names[0];
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** The next {@code count} calls fail with UNAVAILABLE, then the service answers again. */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** Calls wait (at most 30 s) until {@link #release()}, then answer as the mode says. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Lets held calls answer. */
    public void release() {
        held.countDown();
    }

    /** The names of every call received since the last {@link #reset()}. */
    public List<List<String>> calls() {
        return List.copyOf(calls);
    }

    /**
     * For every call received since the last {@link #reset()}, in order: the time its caller had
     * left when it arrived, or empty when it came without a deadline.
     */
    public List<Optional<Duration>> callDeadlines() {
        return List.copyOf(callDeadlines);
    }

    /**
     * For every call received since the last {@link #reset()}, in order: the {@code authorization}
     * metadata it carried, or empty when none.
     */
    public List<Optional<String>> callAuthorizations() {
        return List.copyOf(callAuthorizations);
    }

    /** Up, not failing, no recorded calls; the registered names stay. */
    public void reset() {
        release();
        mode = Mode.UP;
        failNext.set(0);
        calls.clear();
        callDeadlines.clear();
        callAuthorizations.clear();
    }

    /** The service to put on a server: the one BatchGet method, answered by this fake. */
    ServerServiceDefinition definition() {
        return ServerInterceptors.intercept(definition, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                Context withAuthorization = Context.current().withValue(AUTHORIZATION_SEEN,
                        Optional.ofNullable(headers.get(Tokens.AUTHORIZATION)));
                return Contexts.interceptCall(withAuthorization, call, headers, next);
            }
        });
    }

    private <Q extends Message, R extends Message> ServerServiceDefinition definition(MethodDescriptor<Q, R> method) {
        R prototype = messagePrototype(method.getResponseMarshaller(), method);
        FieldDescriptor resources = resourcesField(prototype);
        return ServerServiceDefinition.builder(method.getServiceName())
                .addMethod(method, ServerCalls.asyncUnaryCall((Q request, StreamObserver<R> observer) -> {
                    List<String> names = names(request);
                    answer(names, observer, () -> response(prototype, resources, names));
                }))
                .build();
    }

    private <R> void answer(List<String> names, StreamObserver<R> observer, Supplier<R> found) {
        calls.add(names);
        callAuthorizations.add(AUTHORIZATION_SEEN.get() == null ? Optional.empty() : AUTHORIZATION_SEEN.get());
        Deadline deadline = Context.current().getDeadline();
        callDeadlines.add(Optional.ofNullable(deadline)
                .map(d -> Duration.ofNanos(d.timeRemaining(TimeUnit.NANOSECONDS))));
        try {
            held.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode == Mode.UNAUTHENTICATED || mode == Mode.PERMISSION_DENIED) {
            observer.onError(Status.fromCode(Status.Code.valueOf(mode.name())).withDescription("fake refuses the caller")
                    .asRuntimeException());
            return;
        }
        if (mode == Mode.DOWN || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            observer.onError(Status.UNAVAILABLE.withDescription("fake service is down").asRuntimeException());
            return;
        }
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String name : names) {
            if (!existing.contains(name)) {
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Status.Code.NOT_FOUND.value()).setMessage(name + " does not exist.")
                        .addDetails(Any.pack(ResourceInfo.newBuilder().setResourceType(resourceType)
                                .setResourceName(name).build()))
                        .build()));
                return;
            }
        }
        observer.onNext(found.get());
        observer.onCompleted();
    }

    /** The request's {@code names}. */
    private static List<String> names(Message request) {
        FieldDescriptor names = request.getDescriptorForType().findFieldByName("names");
        if (names == null || !names.isRepeated() || names.getJavaType() != FieldDescriptor.JavaType.STRING) {
            throw new IllegalArgumentException(request.getDescriptorForType().getFullName()
                    + " has no 'repeated string names': not an AIP-231 BatchGet request");
        }
        return ((List<?>) request.getField(names)).stream().map(String.class::cast).toList();
    }

    /** A response holding one resource per name, each with only its name set. */
    @SuppressWarnings("unchecked")
    private static <R extends Message> R response(R prototype, FieldDescriptor resources, List<String> names) {
        Message.Builder response = prototype.newBuilderForType();
        for (String name : names) {
            Message.Builder resource = response.newBuilderForField(resources);
            resource.setField(resource.getDescriptorForType().findFieldByName("name"), name);
            response.addRepeatedField(resources, resource.build());
        }
        return (R) response.build();
    }

    /** The response's one repeated message field, e.g. BatchGetDealsResponse.deals. */
    private static FieldDescriptor resourcesField(Message response) {
        List<FieldDescriptor> candidates = response.getDescriptorForType().getFields().stream()
                .filter(f -> f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && f.getMessageType().findFieldByName("name") != null)
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(response.getDescriptorForType().getFullName()
                    + " does not have exactly one repeated field of named resources: not an AIP-231 BatchGet response");
        }
        return candidates.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T messagePrototype(MethodDescriptor.Marshaller<T> marshaller, MethodDescriptor<?, ?> method) {
        if (!(marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes)) {
            throw new IllegalArgumentException(method.getFullMethodName() + " does not marshal protobuf messages");
        }
        return (T) prototypes.getMessagePrototype();
    }
}
