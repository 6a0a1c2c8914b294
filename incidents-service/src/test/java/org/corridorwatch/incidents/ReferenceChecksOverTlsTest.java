package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.testing.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The affected-deal check under the "tls" profile, as Kubernetes runs the services
 * (QUARKUS_PROFILE=prod,tls): investments-service (the fake) serves TLS only, and the check
 * reaches it because the client trusts CORRIDORWATCH_TLS_CA and verifies the certificate's name
 * (test-support's FakeServicesResource serves and configures both under this profile).
 */
@QuarkusTest
@TestProfile(ReferenceChecksOverTlsTest.Tls.class)
class ReferenceChecksOverTlsTest {

    private static final int TLS_PORT = SelfSignedCertificate.freePort();

    public static final class Tls implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,tls";
        }

        /** The app's own server certificate, which the tls profile requires, and the test's client over TLS. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return SelfSignedCertificate.shared().servedOn(TLS_PORT, "incidents");
        }
    }

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @AfterEach
    void investmentsBackUp() {
        FakeInvestments.DEALS.reset();
    }

    @Test
    void theCheckCallsInvestmentsOverTls() {
        String deal = IncidentFixtures.uniqueDeal();

        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.karachiAirport().toBuilder().setAffectedDeal(deal)).build());

        assertEquals(deal, created.getAffectedDeal());
        assertEquals(List.of(List.of(deal)), FakeInvestments.DEALS.calls());
    }
}
