package org.corridorwatch.diplomacy;

import org.corridorwatch.testing.FakeBatchGetService;
import org.eclipse.microprofile.config.ConfigProvider;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsResponse;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceImplBase;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.BatchGetDealsResponse;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceImplBase;
import io.grpc.stub.StreamObserver;

/**
 * incidents-service and investments-service as the tests need them: BatchGetIncidents and
 * BatchGetDeals (test-support's FakeBatchGetService) on real local ports, the test-ports that
 * diplomacy-service's "incidents" and "investments" clients dial in tests. Started once for the
 * whole test run; tests that change a mode put it back ({@link #reset()}).
 */
final class ReferencedServices {

    /** Longer than %test.corridorwatch.references.deadline (500ms). */
    static final long SLOW_ANSWER_MILLIS = 2_000;

    static final FakeBatchGetService INCIDENTS = new FakeBatchGetService("corridorwatch.org/Incident",
            SLOW_ANSWER_MILLIS);
    static final FakeBatchGetService DEALS = new FakeBatchGetService("corridorwatch.org/Deal", SLOW_ANSWER_MILLIS);

    private static boolean started;

    private ReferencedServices() {
    }

    /** Starts both fake services unless they run already. */
    static synchronized void start() {
        if (started) {
            return;
        }
        FakeBatchGetService.serve(testPort("incidents"), new IncidentServiceImplBase() {
            @Override
            public void batchGetIncidents(BatchGetIncidentsRequest request,
                    StreamObserver<BatchGetIncidentsResponse> observer) {
                INCIDENTS.batchGet(request.getNamesList(), names -> BatchGetIncidentsResponse.newBuilder()
                        .addAllIncidents(names.stream().map(n -> Incident.newBuilder().setName(n).build()).toList())
                        .build(), observer);
            }
        });
        FakeBatchGetService.serve(testPort("investments"), new DealServiceImplBase() {
            @Override
            public void batchGetDeals(BatchGetDealsRequest request, StreamObserver<BatchGetDealsResponse> observer) {
                DEALS.batchGet(request.getNamesList(), names -> BatchGetDealsResponse.newBuilder()
                        .addAllDeals(names.stream().map(n -> Deal.newBuilder().setName(n).build()).toList())
                        .build(), observer);
            }
        });
        started = true;
    }

    /** Both fakes up, with no recorded calls; the names they know stay. */
    static void reset() {
        INCIDENTS.reset();
        DEALS.reset();
    }

    /** The port the app's gRPC client {@code client} dials in tests (not its port: see application.properties). */
    private static int testPort(String client) {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.clients." + client + ".test-port", Integer.class);
    }
}
