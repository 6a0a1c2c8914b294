package org.corridorwatch.diplomacy;

import java.util.Map;

import org.corridorwatch.testing.FakeBatchGetService;
import org.corridorwatch.testing.FakeServicesResource;

import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;

/**
 * incidents-service and investments-service as the tests need them: BatchGetIncidents and
 * BatchGetDeals (test-support's FakeBatchGetService) on free local ports, which diplomacy-service's
 * "incidents" and "investments" clients are pointed at. Started once for the whole test run (see
 * TestResources); tests that change a mode put it back ({@link #reset()}).
 */
public class ReferencedServices extends FakeServicesResource {

    /** Longer than %test.corridorwatch.references.deadline (500ms). */
    static final long SLOW_ANSWER_MILLIS = 2_000;

    static final FakeBatchGetService INCIDENTS = new FakeBatchGetService(
            IncidentServiceGrpc.getBatchGetIncidentsMethod(), "corridorwatch.org/Incident", SLOW_ANSWER_MILLIS);
    static final FakeBatchGetService DEALS = new FakeBatchGetService(DealServiceGrpc.getBatchGetDealsMethod(),
            "corridorwatch.org/Deal", SLOW_ANSWER_MILLIS);

    @Override
    protected Map<String, FakeBatchGetService> fakesByClient() {
        return Map.of("incidents", INCIDENTS, "investments", DEALS);
    }

    /** Both fakes up, with no recorded calls; the names they know stay. */
    static void reset() {
        INCIDENTS.reset();
        DEALS.reset();
    }
}
