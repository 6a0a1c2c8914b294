package org.corridorwatch.incidents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.corridorwatch.testing.FakeBatchGetService;

import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.BatchGetDealsResponse;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceImplBase;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * investments-service as incidents-service's tests need it: BatchGetDeals over the deals the
 * tests register, on a free local port that it points the app's "investments" client at.
 */
public class FakeInvestments implements QuarkusTestResourceLifecycleManager {

    /** Longer than %test.corridorwatch.references.deadline (500ms). */
    static final long SLOW_ANSWER_MILLIS = 2_000;
    static final FakeBatchGetService DEALS = new FakeBatchGetService("corridorwatch.org/Deal", SLOW_ANSWER_MILLIS);
    private static int port;

    @Override
    public synchronized Map<String, String> start() {
        if (port == 0) {
            port = freePort();
            FakeBatchGetService.serve(port, new DealServiceImplBase() {
                @Override
                public void batchGetDeals(BatchGetDealsRequest request,
                        StreamObserver<BatchGetDealsResponse> observer) {
                    DEALS.batchGet(request.getNamesList(), names -> BatchGetDealsResponse.newBuilder()
                            .addAllDeals(names.stream().map(n -> Deal.newBuilder().setName(n).build()).toList())
                            .build(), observer);
                }
            });
        }
        // In tests Quarkus clients dial their test-port, not their port.
        return Map.of("quarkus.grpc.clients.investments.test-port", Integer.toString(port));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The server stops with the JVM; other test classes of the run still need it.
    }
}
