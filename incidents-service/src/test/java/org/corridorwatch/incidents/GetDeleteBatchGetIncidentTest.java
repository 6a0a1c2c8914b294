package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.rpc.ResourceInfo;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GetDeleteBatchGetIncidentTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Test
    void getRefusesMalformedNamesAndReportsMissingOnes() {
        StatusRuntimeException malformed = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> get("incidents/Not_Valid"));
        assertEquals(Set.of("name"), GrpcErrors.violatedFields(malformed));
        assertFails(Status.Code.INVALID_ARGUMENT, () -> get(""));

        StatusRuntimeException missing = assertFails(Status.Code.NOT_FOUND, () -> get("incidents/never-created"));
        assertEquals("incidents/never-created", GrpcErrors.detail(missing, ResourceInfo.class).getResourceName());
        assertEquals("incidents.corridorwatch.org", GrpcErrors.errorInfo(missing).getDomain());
    }

    @Test
    void deleteRemovesTheIncident() {
        Incident incident = create(IncidentFixtures.dasu());

        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(incident.getName())
                .setEtag(incident.getEtag()).build());

        assertFails(Status.Code.NOT_FOUND, () -> get(incident.getName()));
        assertFails(Status.Code.NOT_FOUND, () -> incidents.deleteIncident(
                DeleteIncidentRequest.newBuilder().setName(incident.getName()).build()));
    }

    @Test
    void deleteWithAStaleEtagIsAbortedAndKeepsTheIncident() {
        Incident incident = create(IncidentFixtures.dasu());
        incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(incident.getName()).setTitle("Edited"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build());

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> incidents.deleteIncident(
                DeleteIncidentRequest.newBuilder().setName(incident.getName()).setEtag(incident.getEtag()).build()));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals("Edited", get(incident.getName()).getTitle());
    }

    @Test
    void batchGetReturnsIncidentsInTheOrderAsked() {
        Incident a = create(IncidentFixtures.dasu());
        Incident b = create(IncidentFixtures.besham());

        List<Incident> got = incidents.batchGetIncidents(BatchGetIncidentsRequest.newBuilder()
                .addNames(b.getName()).addNames(a.getName()).addNames(b.getName()).build()).getIncidentsList();

        assertEquals(List.of(b, a, b), got);
    }

    @Test
    void batchGetNamesTheMissingIncident() {
        Incident a = create(IncidentFixtures.dasu());

        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> incidents.batchGetIncidents(
                BatchGetIncidentsRequest.newBuilder().addNames(a.getName()).addNames("incidents/gone").build()));

        assertEquals("incidents/gone", GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
        assertEquals("incidents/gone does not exist.", e.getStatus().getDescription());
    }

    @Test
    void batchGetRefusesNoNamesTooManyAndMalformedOnes() {
        assertEquals(Set.of("names"), GrpcErrors.violatedFields(assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.batchGetIncidents(BatchGetIncidentsRequest.getDefaultInstance()))));

        BatchGetIncidentsRequest.Builder tooMany = BatchGetIncidentsRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.addNames("incidents/i-" + i);
        }
        assertEquals(Set.of("names"), GrpcErrors.violatedFields(assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.batchGetIncidents(tooMany.build()))));

        BatchGetIncidentsRequest.Builder manyMalformed = BatchGetIncidentsRequest.newBuilder();
        for (int i = 0; i < 1000; i++) {
            manyMalformed.addNames("not a name " + i);
        }
        StatusRuntimeException many = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.batchGetIncidents(manyMalformed.build()));
        assertEquals("1000", GrpcErrors.errorInfo(many).getMetadataOrThrow("violations"));

        assertEquals(Set.of("names[1]"), GrpcErrors.violatedFields(assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.batchGetIncidents(BatchGetIncidentsRequest.newBuilder().addNames("incidents/ok")
                        .addNames("deals/x").build()))));
    }

    private Incident create(Incident incident) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(incident).build());
    }

    private Incident get(String name) {
        return incidents.getIncident(GetIncidentRequest.newBuilder().setName(name).build());
    }
}
