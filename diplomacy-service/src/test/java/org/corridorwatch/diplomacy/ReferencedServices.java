package org.corridorwatch.diplomacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;

import com.google.protobuf.Any;
import com.google.rpc.ResourceInfo;

import corridorwatch.incidents.v1.BatchGetIncidentsRequest;
import corridorwatch.incidents.v1.BatchGetIncidentsResponse;
import corridorwatch.incidents.v1.Incident;
import corridorwatch.incidents.v1.IncidentServiceGrpc.IncidentServiceImplBase;
import corridorwatch.investments.v1.BatchGetDealsRequest;
import corridorwatch.investments.v1.BatchGetDealsResponse;
import corridorwatch.investments.v1.Deal;
import corridorwatch.investments.v1.DealServiceGrpc.DealServiceImplBase;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * incidents-service and investments-service as the tests need them: two small gRPC servers on
 * real local ports (the ports diplomacy-service's clients dial in the %test profile), answering
 * BatchGetIncidents / BatchGetDeals the way the real services do, over names the tests register.
 * Each can be switched down (UNAVAILABLE), slow (answers after the reference deadline) or flaky.
 * Started once for the whole test run; tests that change a mode put it back ({@link #reset()}).
 */
final class ReferencedServices {

    /** How a fake service behaves. */
    enum Mode {
        /** Answers like the real service. */
        UP,
        /** Every call fails with UNAVAILABLE, as when the service is restarting. */
        DOWN,
        /** Answers correctly, but only after {@link #SLOW_ANSWER_MILLIS}: longer than the deadline. */
        SLOW
    }

    /** Longer than %test.corridorwatch.references.deadline (500ms). */
    static final long SLOW_ANSWER_MILLIS = 2_000;

    /** One fake service: the names that exist, its mode, and the calls it got. */
    static final class Fake {
        private final String resourceType;
        private final Set<String> existing = ConcurrentHashMap.newKeySet();
        private final List<List<String>> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger failNext = new AtomicInteger();
        private volatile Mode mode = Mode.UP;

        Fake(String resourceType) {
            this.resourceType = resourceType;
        }

        /** Makes these names exist; returns the first. */
        String add(String... names) {
            existing.addAll(List.of(names));
            return names[0];
        }

        void mode(Mode mode) {
            this.mode = mode;
        }

        /** The next {@code count} calls fail with UNAVAILABLE, then the service is up again. */
        void failNext(int count) {
            failNext.set(count);
        }

        /** The names of every call received since the last {@link #reset()}. */
        List<List<String>> calls() {
            return List.copyOf(calls);
        }

        void reset() {
            mode = Mode.UP;
            failNext.set(0);
            calls.clear();
        }

        /** BatchGet as the real services answer it: all found, or NOT_FOUND naming the first missing. */
        <T> void batchGet(List<String> names, Function<List<String>, T> response, StreamObserver<T> observer) {
            calls.add(List.copyOf(names));
            if (mode == Mode.DOWN || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                observer.onError(Status.UNAVAILABLE.withDescription("fake service is down").asRuntimeException());
                return;
            }
            if (mode == Mode.SLOW) {
                try {
                    Thread.sleep(SLOW_ANSWER_MILLIS);
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
    }

    static final Fake INCIDENTS = new Fake("corridorwatch.org/Incident");
    static final Fake DEALS = new Fake("corridorwatch.org/Deal");

    private static boolean started;

    private ReferencedServices() {
    }

    /** Starts both fake services unless they run already. */
    static synchronized void start() {
        if (started) {
            return;
        }
        Server incidents = serve("incidents", new IncidentServiceImplBase() {
            @Override
            public void batchGetIncidents(BatchGetIncidentsRequest request,
                    StreamObserver<BatchGetIncidentsResponse> observer) {
                INCIDENTS.batchGet(request.getNamesList(), names -> BatchGetIncidentsResponse.newBuilder()
                        .addAllIncidents(names.stream().map(n -> Incident.newBuilder().setName(n).build()).toList())
                        .build(), observer);
            }
        });
        Server deals = serve("investments", new DealServiceImplBase() {
            @Override
            public void batchGetDeals(BatchGetDealsRequest request, StreamObserver<BatchGetDealsResponse> observer) {
                DEALS.batchGet(request.getNamesList(), names -> BatchGetDealsResponse.newBuilder()
                        .addAllDeals(names.stream().map(n -> Deal.newBuilder().setName(n).build()).toList())
                        .build(), observer);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            incidents.shutdownNow();
            deals.shutdownNow();
        }));
        started = true;
    }

    /** Both fakes up, with no recorded calls; the names they know stay. */
    static void reset() {
        INCIDENTS.reset();
        DEALS.reset();
    }

    /** A server on the port the app's gRPC client {@code client} dials. */
    private static Server serve(String client, BindableService service) {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.clients." + client + ".test-port", Integer.class);
        try {
            return NettyServerBuilder.forPort(port).addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the fake " + client + " service on port " + port, e);
        }
    }
}
