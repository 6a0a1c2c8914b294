package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.support.auth.Roles;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Every service of the running system asks for a token, enforces the role of each RPC, and checks
 * references with its own credentials, not the caller's.
 */
class AccessTest {

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void everyServiceRefusesACallWithoutAToken() {
        List<Runnable> calls = List.of(
                () -> IncidentServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INCIDENTS))
                        .listIncidents(ListIncidentsRequest.getDefaultInstance()),
                () -> DealServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS))
                        .listDeals(ListDealsRequest.getDefaultInstance()),
                () -> StatementServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY))
                        .listStatements(ListStatementsRequest.getDefaultInstance()));
        for (Runnable call : calls) {
            assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class, call::run)
                    .getStatus().getCode());
        }
    }

    @Test
    void aReaderCanReadButNotCreateAndNothingIsWritten() {
        assumeTrue(system.mintsTokens(), "needs tokens of a given role: set CORRIDORWATCH_TOKEN_SIGNING_KEY");
        DealServiceGrpc.DealServiceBlockingStub asReader = DealServiceGrpc.newBlockingStub(
                system.channel(SystemUnderTest.INVESTMENTS, Roles.READER));
        asReader.listDeals(ListDealsRequest.newBuilder().setPageSize(1).build());
        String id = Records.uniqueId("reader-create");

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> asReader.createDeal(
                CreateDealRequest.newBuilder().setDealId(id).setDeal(Records.deal(id)).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> DealServiceGrpc
                .newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS, Roles.EDITOR))
                .getDeal(GetDealRequest.newBuilder().setName("deals/" + id).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    /**
     * The caller's token is one that only diplomacy-service accepts (an audience of its own, see
     * {@link SystemUnderTest#DIPLOMACY_ONLY_AUDIENCE}): incidents-service refuses it, yet the
     * statement's reference to an incident is checked with incidents-service, which therefore got
     * diplomacy-service's own token, not the caller's.
     */
    @Test
    void aReferenceIsCheckedWithTheServicesOwnTokenNotTheCallers() {
        assumeTrue(system.startedHere(), "needs the local stack, started with an audience only diplomacy accepts");
        Incident incident = IncidentServiceGrpc.newBlockingStub(
                system.channel(SystemUnderTest.INCIDENTS, Roles.EDITOR))
                .createIncident(CreateIncidentRequest.newBuilder().setIncident(Records.incident("")).build());
        String diplomacyOnly = system.diplomacyOnlyToken(Roles.EDITOR);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> IncidentServiceGrpc
                .newBlockingStub(system.channel(SystemUnderTest.INCIDENTS))
                .withInterceptors(org.corridorwatch.stack.StackTokens.bearer(diplomacyOnly))
                .listIncidents(ListIncidentsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());

        String marker = Records.uniqueId("own-token");
        StatementServiceGrpc.StatementServiceBlockingStub asCaller = StatementServiceGrpc
                .newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY))
                .withInterceptors(org.corridorwatch.stack.StackTokens.bearer(diplomacyOnly));
        Statement created = asCaller.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(Records.statement(marker, incident.getName(), "")).build());
        assertEquals(List.of(incident.getName()), asCaller.getStatement(GetStatementRequest.newBuilder()
                .setName(created.getName()).build()).getIncidentsList());
    }
}
