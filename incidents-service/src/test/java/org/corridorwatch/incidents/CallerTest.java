package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The caller a token names reaches the use case, on the worker thread of a @Blocking method. */
@QuarkusTest
class CallerTest {

    /** The app under test, which in tests also serves the CallerProbe. */
    @GrpcClient("incidents")
    Channel app;

    @Test
    void theUseCaseSeesTheCallerOfEveryCallOnItsWorkerThread() {
        // Many calls, from two callers in turn: each must see its own, however the events of its
        // call were scheduled on the worker threads.
        for (int i = 0; i < 40; i++) {
            String subject = i % 2 == 0 ? "test-reader" : "test-admin";
            String token = i % 2 == 0 ? TestTokens.reader() : TestTokens.admin();
            Deal seen = DealServiceGrpc.newBlockingStub(app).withCallCredentials(TestTokens.bearer(token))
                    .getDeal(GetDealRequest.newBuilder().setName("deals/probe-" + i).build());
            assertEquals(subject, seen.getTitle(), "call " + i);
            assertEquals("Test " + subject, seen.getLocation(), "the display name, from the name claim");
            assertFalse(seen.getSummary().contains("eventloop"), "ran on " + seen.getSummary());
        }
    }
}
