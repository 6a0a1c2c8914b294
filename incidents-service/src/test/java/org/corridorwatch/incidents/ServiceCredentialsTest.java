package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.corridorwatch.incidents.IncidentsTestSupport.incidentRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.testing.FakeBatchGetService.Mode;
import org.corridorwatch.testing.GrpcErrors;
import org.corridorwatch.testing.TestTokens;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The affected-deal check carries incidents-service's own token, never the caller's. */
@QuarkusTest
class ServiceCredentialsTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @AfterEach
    void investmentsBackUp() {
        FakeInvestments.DEALS.reset();
    }

    private void createAs(String userToken, String deal) {
        incidents.withCallCredentials(TestTokens.bearer(userToken)).createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.dasu().toBuilder().setAffectedDeal(deal)).build());
    }

    @Test
    void theCheckCarriesTheServicesOwnReaderTokenNotTheCallers() {
        String deal = IncidentFixtures.uniqueDeal();
        String user = TestTokens.editor();

        createAs(user, deal);

        List<Optional<String>> sent = FakeInvestments.DEALS.callAuthorizations();
        assertEquals(1, sent.size());
        String authorization = sent.get(0).orElseThrow(() -> new AssertionError("the check carried no credentials"));
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String token = authorization.substring("Bearer ".length());
        assertTrue(!token.equals(user), "the user's token was forwarded");
        JsonWebToken jwt = TestTokens.verifiedServiceToken(token);
        assertEquals("service:incidents-service", jwt.getSubject());
        assertEquals(Set.of("reader"), jwt.getGroups());
        assertEquals(TestTokens.SERVICE_ISSUER, jwt.getIssuer());
    }

    @Test
    void theServiceReusesItsTokenAcrossChecks() {
        createAs(TestTokens.editor(), IncidentFixtures.uniqueDeal());
        createAs(TestTokens.admin(), IncidentFixtures.uniqueDeal());

        List<Optional<String>> sent = FakeInvestments.DEALS.callAuthorizations();
        assertEquals(2, sent.size());
        assertEquals(sent.get(0), sent.get(1));
    }

    @Test
    void aDownstreamThatRefusesTheServicesTokenMakesTheWriteUnavailableAndWritesNothing() throws Exception {
        for (Mode refusal : List.of(Mode.UNAUTHENTICATED, Mode.PERMISSION_DENIED)) {
            String deal = IncidentFixtures.uniqueDeal();
            FakeInvestments.DEALS.mode(refusal);
            long before = incidentRows(dataSource);

            StatusRuntimeException e = assertFails(Status.Code.UNAVAILABLE, () -> createAs(TestTokens.editor(), deal));

            ErrorInfo info = GrpcErrors.errorInfo(e);
            assertEquals("REFERENCE_CHECK_REFUSED", info.getReason());
            assertEquals("investments-service", info.getMetadataOrThrow("service"));
            assertEquals(before, incidentRows(dataSource));
            FakeInvestments.DEALS.reset();
        }
    }
}
