package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.corridorwatch.testing.TestCallDeadline;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the tests of every service rely on (test-support and the %test settings): the app under
 * test listens on a port the system picked and the test clients dial it, and every call a test
 * makes has a deadline, while the app's own calls to other services keep theirs.
 */
@QuarkusTest
class TestClientsTest {

    /** The references deadline of %test in application.properties. */
    private static final Duration REFERENCES_DEADLINE = Duration.ofMillis(500);

    @GrpcClient("incidents")
    Channel incidentsChannel;

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    /** The app's own client of investments-service, here dialled by the test itself. */
    @GrpcClient("investments")
    DealServiceBlockingStub investments;

    @TestHTTPResource
    URI app;

    /** Other classes' calls are recorded too: start and end with none. */
    @BeforeEach
    @AfterEach
    void forgetTheCalls() {
        FakeInvestments.DEALS.reset();
    }

    @Test
    void theTestClientDialsThePortTheAppGot() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        assertNotEquals(0, port, "the port the app listens on, set once it has started");
        assertEquals(port, app.getPort());
        assertTrue(incidentsChannel.authority().endsWith(":" + port), incidentsChannel.authority());
    }

    @Test
    void aTestCallWithoutItsOwnDeadlineGetsTheDefaultOne() {
        String deal = IncidentFixtures.uniqueDeal();
        investments.batchGetDeals(BatchGetDealsRequest.newBuilder().addNames(deal).build());

        Duration left = onlyDeadline(FakeInvestments.DEALS.callDeadlines());
        assertTrue(left.compareTo(TestCallDeadline.DEFAULT) <= 0, left::toString);
        assertTrue(left.compareTo(TestCallDeadline.DEFAULT.minusSeconds(10)) > 0, left::toString);
    }

    @Test
    void theAppsOwnCallKeepsTheReferencesDeadline() {
        String deal = IncidentFixtures.uniqueDeal();
        incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.besham().toBuilder().setAffectedDeal(deal)).build());

        Duration left = onlyDeadline(FakeInvestments.DEALS.callDeadlines());
        assertTrue(left.compareTo(REFERENCES_DEADLINE) <= 0, left::toString);
    }

    private static Duration onlyDeadline(List<Optional<Duration>> deadlines) {
        assertEquals(1, deadlines.size(), deadlines::toString);
        return deadlines.get(0).orElseThrow(() -> new AssertionError("the call came without a deadline"));
    }
}
