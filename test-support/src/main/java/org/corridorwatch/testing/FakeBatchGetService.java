package org.corridorwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.google.protobuf.Any;
import com.google.rpc.ResourceInfo;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * Another service's BatchGet method (AIP-231) as a service's tests need it: it answers the way
 * the real services do (all found, or NOT_FOUND with a {@code google.rpc.ResourceInfo} naming the
 * first missing name) over the names a test registers, and can be switched down (UNAVAILABLE),
 * slow (answering after {@code slowMillis}), flaky, or held (answering only when the test lets it,
 * to make another request land while a write waits for its check). Served on a real local port by
 * {@link #serve}, so the service under test calls it over a socket like the real thing.
 */
public final class FakeBatchGetService {

    /** How the fake behaves. */
    public enum Mode {
        /** Answers like the real service. */
        UP,
        /** Every call fails with UNAVAILABLE, as when the service is restarting. */
        DOWN,
        /** Answers correctly, but only after the slow delay: longer than the caller's deadline. */
        SLOW
    }

    private final String resourceType;
    private final long slowMillis;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch held = new CountDownLatch(0);

    /**
     * @param resourceType for ResourceInfo, e.g. "corridorwatch.org/Deal"
     * @param slowMillis how long a SLOW answer takes
     */
    public FakeBatchGetService(String resourceType, long slowMillis) {
        this.resourceType = resourceType;
        this.slowMillis = slowMillis;
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

    /** Up, not failing, no recorded calls; the registered names stay. */
    public void reset() {
        release();
        mode = Mode.UP;
        failNext.set(0);
        calls.clear();
    }

    /** Answers one BatchGet call; {@code response} builds the answer for names that all exist. */
    public <T> void batchGet(List<String> names, Function<List<String>, T> response, StreamObserver<T> observer) {
        calls.add(List.copyOf(names));
        try {
            held.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        observer.onNext(response.apply(names));
        observer.onCompleted();
    }

    /** Serves {@code service} on {@code port} until the JVM exits. */
    public static Server serve(int port, BindableService service) {
        try {
            Server server = NettyServerBuilder.forPort(port).addService(service).build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake gRPC service on port " + port, e);
        }
    }
}
