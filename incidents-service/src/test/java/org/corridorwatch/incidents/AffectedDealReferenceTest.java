package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.corridorwatch.incidents.IncidentsTestSupport.incidentRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.FakeBatchGetService.Mode;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An incident's affected deal is checked with investments-service (here a fake one on a real
 * port) whenever a write sets it: it must exist, and an unreachable investments-service fails the
 * write with UNAVAILABLE instead of storing an unchecked reference.
 */
@QuarkusTest
class AffectedDealReferenceTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @AfterEach
    void investmentsBackUp() {
        FakeInvestments.DEALS.reset();
    }

    @Test
    void anExistingDealIsCheckedOnceAndStored() {
        String deal = IncidentFixtures.uniqueDeal();
        Incident created = create(deal);
        assertEquals(deal, created.getAffectedDeal());
        assertEquals(List.of(List.of(deal)), FakeInvestments.DEALS.calls());
    }

    @Test
    void aDealThatDoesNotExistIsRefusedNamingTheFieldAndNothingIsWritten() throws Exception {
        long before = incidentRows(dataSource);
        String missing = "deals/missing-" + UUID.randomUUID();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> create(missing));
        assertEquals(Set.of("incident.affected_deal"), GrpcErrors.violatedFields(e));
        assertEquals(before, incidentRows(dataSource));
    }

    @Test
    void unreachableInvestmentsFailsTheWriteWithUnavailableAfterBoundedRetries() throws Exception {
        String deal = IncidentFixtures.uniqueDeal();
        FakeInvestments.DEALS.mode(Mode.DOWN);
        long before = incidentRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.UNAVAILABLE, () -> create(deal));

        assertEquals("REFERENCED_SERVICE_UNAVAILABLE", GrpcErrors.errorInfo(e).getReason());
        assertEquals(3, FakeInvestments.DEALS.calls().size(), "attempts in %test config");
        assertEquals(before, incidentRows(dataSource));
    }

    @Test
    void aSlowInvestmentsServiceHitsTheDeadlineAndFailsTheWrite() throws Exception {
        String deal = IncidentFixtures.uniqueDeal();
        FakeInvestments.DEALS.mode(Mode.SLOW);
        long before = incidentRows(dataSource);
        assertFails(Status.Code.UNAVAILABLE, () -> create(deal));
        assertEquals(before, incidentRows(dataSource));
    }

    @Test
    void aPassingOutageIsRetriedAndTheWriteSucceeds() {
        String deal = IncidentFixtures.uniqueDeal();
        FakeInvestments.DEALS.failNext(1);
        assertEquals(deal, create(deal).getAffectedDeal());
        assertEquals(2, FakeInvestments.DEALS.calls().size());
    }

    @Test
    void updatesCheckTheDealTheySetAndOnlyThen() {
        Incident created = create(IncidentFixtures.uniqueDeal());
        String missing = "deals/missing-" + UUID.randomUUID();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.updateIncident(
                UpdateIncidentRequest.newBuilder().setIncident(created.toBuilder().setAffectedDeal(missing))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("affected_deal")).build()));
        assertEquals(Set.of("incident.affected_deal"), GrpcErrors.violatedFields(e));
        assertEquals(created, incidents.getIncident(GetIncidentRequest.newBuilder().setName(created.getName()).build()));

        // A change that leaves the deal alone needs no investments-service.
        FakeInvestments.DEALS.reset();
        FakeInvestments.DEALS.mode(Mode.DOWN);
        Incident retitled = incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(created.toBuilder().setTitle("Retitled"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build());
        assertEquals("Retitled", retitled.getTitle());
        assertEquals(List.of(), FakeInvestments.DEALS.calls());
    }

    private Incident create(String deal) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.karachiAirport().toBuilder().setAffectedDeal(deal)).build());
    }
}
