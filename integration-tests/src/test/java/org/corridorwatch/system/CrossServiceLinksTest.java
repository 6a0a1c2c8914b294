package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.support.auth.Roles;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** References across the three services are checked when written, over gRPC, and round-trip. */
class CrossServiceLinksTest {

    private static IncidentServiceBlockingStub incidents;
    private static DealServiceBlockingStub deals;
    private static StatementServiceBlockingStub statements;

    @BeforeAll
    static void connect() {
        SystemUnderTest system = SystemUnderTest.get();
        incidents = IncidentServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INCIDENTS, Roles.EDITOR));
        deals = DealServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS, Roles.EDITOR));
        statements = StatementServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY, Roles.EDITOR));
    }

    @Test
    void aStatementCitingANewIncidentAndANewDealRoundTrips() {
        String marker = Records.uniqueId("linked");
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(Records.deal(marker)).build());
        Incident incident = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(Records.incident(deal.getName())).build());
        Statement created = statements.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(Records.statement(marker, incident.getName(), deal.getName())).build());

        Statement read = statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName()).build());
        assertEquals(List.of(incident.getName()), read.getIncidentsList());
        assertEquals(List.of(deal.getName()), read.getDealsList());
        assertEquals(List.of(created), statements.listStatements(ListStatementsRequest.newBuilder()
                .setFilter(StatementFilter.newBuilder().setIncident(incident.getName())).build()).getStatementsList());
        assertEquals(List.of(incident), incidents.listIncidents(ListIncidentsRequest.newBuilder()
                .setFilter(IncidentFilter.newBuilder().setAffectedDeal(deal.getName())).build()).getIncidentsList());
    }

    @Test
    void aDeletedIncidentStillResolvesAsDeletedFromAStatementCitingItButCannotBeCitedAnew() {
        String marker = Records.uniqueId("deleted-link");
        Incident incident = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(Records.incident("")).build());
        Statement citing = statements.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(Records.statement(marker, incident.getName(), "")).build());
        IncidentServiceBlockingStub admin = IncidentServiceGrpc.newBlockingStub(
                SystemUnderTest.get().channel(SystemUnderTest.INCIDENTS, Roles.ADMIN));
        admin.deleteIncident(DeleteIncidentRequest.newBuilder().setName(incident.getName())
                .setReason("recorded twice").build());

        // The statement keeps its reference, and the reference resolves, as deleted (AIP-164).
        Statement read = statements.getStatement(GetStatementRequest.newBuilder().setName(citing.getName()).build());
        assertEquals(List.of(incident.getName()), read.getIncidentsList());
        Incident resolved = incidents.batchGetIncidents(BatchGetIncidentsRequest.newBuilder()
                .addNames(incident.getName()).setShowDeleted(true).build()).getIncidents(0);
        assertTrue(resolved.hasDeleteTime(), resolved::toString);
        // A new statement may not cite it: diplomacy's reference check sees it as missing.
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> statements.createStatement(
                CreateStatementRequest.newBuilder().setStatement(Records.statement(marker + "-2", incident.getName(), ""))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("statement.incidents[0]"), violatedFields(e));
    }

    @Test
    void aStatementCitingAMissingIncidentIsRefusedNamingItAndNothingIsWritten() {
        String marker = Records.uniqueId("missing");
        String missing = "incidents/" + Records.uniqueId("never-recorded");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> statements.createStatement(
                CreateStatementRequest.newBuilder().setStatement(Records.statement(marker, missing, "")).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("statement.incidents[0]"), violatedFields(e));
        assertTrue(e.getStatus().getDescription().contains(missing), e.getStatus().getDescription());
        assertEquals(0, statements.listStatements(ListStatementsRequest.newBuilder()
                .setFilter(StatementFilter.newBuilder().setSpeaker(marker)).build()).getStatementsCount());
    }

    @Test
    void anIncidentAffectingAMissingDealIsRefused() {
        String missing = "deals/" + Records.uniqueId("never-recorded");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> incidents.createIncident(
                CreateIncidentRequest.newBuilder().setIncident(Records.incident(missing)).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("incident.affected_deal"), violatedFields(e));
        assertEquals(0, incidents.listIncidents(ListIncidentsRequest.newBuilder()
                .setFilter(IncidentFilter.newBuilder().setAffectedDeal(missing)).build()).getIncidentsCount());
    }

    static Set<String> violatedFields(StatusRuntimeException e) {
        Set<String> fields = new TreeSet<>();
        StatusProto.fromThrowable(e).getDetailsList().stream().filter(any -> any.is(BadRequest.class))
                .forEach(any -> {
                    try {
                        any.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
                    } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                        throw new AssertionError(bad);
                    }
                });
        return fields;
    }
}
