package org.corridorwatch.incidents;

import java.util.Map;

import org.corridorwatch.testing.FakeBatchGetService;
import org.corridorwatch.testing.FakeServicesResource;

import org.corridorwatch.api.investments.v1.DealServiceGrpc;

/**
 * investments-service as incidents-service's tests need it: BatchGetDeals over the deals the
 * tests register, on a free local port that the app's "investments" client is pointed at.
 */
public class FakeInvestments extends FakeServicesResource {

    /** Longer than %test.corridorwatch.references.deadline (500ms). */
    static final long SLOW_ANSWER_MILLIS = 2_000;
    static final FakeBatchGetService DEALS = new FakeBatchGetService(DealServiceGrpc.getBatchGetDealsMethod(),
            "corridorwatch.org/Deal", SLOW_ANSWER_MILLIS);

    @Override
    protected Map<String, FakeBatchGetService> fakesByClient() {
        return Map.of("investments", DEALS);
    }
}
