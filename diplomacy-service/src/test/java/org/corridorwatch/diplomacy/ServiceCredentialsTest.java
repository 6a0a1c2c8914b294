package org.corridorwatch.diplomacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.testing.FakeBatchGetService;
import org.corridorwatch.testing.FakeBatchGetService.Mode;
import org.corridorwatch.testing.GrpcErrors;
import org.corridorwatch.testing.TestTokens;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Both reference checks carry diplomacy-service's own token, never the caller's. */
@QuarkusTest
class ServiceCredentialsTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @AfterEach
    void servicesBackUp() {
        ReferencedServices.reset();
    }

    private void createAs(String userToken, String incident, String deal) {
        statements.withCallCredentials(TestTokens.bearer(userToken)).createStatement(CreateStatementRequest.newBuilder()
                .setStatement(StatementFixtures.tararCooperation().toBuilder().addIncidents(incident).addDeals(deal))
                .build());
    }

    @Test
    void bothChecksCarryTheServicesOwnReaderToken() {
        String user = TestTokens.editor();
        createAs(user, StatementFixtures.marker(), StatementFixtures.existingDeal());

        for (FakeBatchGetService fake : List.of(ReferencedServices.INCIDENTS, ReferencedServices.DEALS)) {
            List<Optional<String>> sent = fake.callAuthorizations();
            assertEquals(1, sent.size());
            String token = sent.get(0).orElseThrow().substring("Bearer ".length());
            JsonWebToken jwt = TestTokens.verifiedServiceToken(token);
            assertEquals("service:diplomacy-service", jwt.getSubject());
            assertEquals(Set.of("reader"), jwt.getGroups());
        }
    }

    @Test
    void anIncidentsServiceThatRefusesTheTokenMakesTheWriteUnavailable() {
        String marker = StatementFixtures.marker();
        ReferencedServices.INCIDENTS.mode(Mode.UNAUTHENTICATED);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> createAs(TestTokens.editor(), marker, StatementFixtures.existingDeal()));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("REFERENCE_CHECK_REFUSED", GrpcErrors.errorInfo(e).getReason());
        assertEquals("incidents-service", GrpcErrors.errorInfo(e).getMetadataOrThrow("service"));
        assertEquals(0, statements.listStatements(ListStatementsRequest.newBuilder()
                .setFilter(StatementFilter.newBuilder().setIncident(marker)).build()).getStatementsCount());
    }
}
