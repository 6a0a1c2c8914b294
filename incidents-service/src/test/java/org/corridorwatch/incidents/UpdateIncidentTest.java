package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UpdateIncidentTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Test
    void changesOnlyTheMaskedFieldsAndTheEtag() {
        Incident original = create(IncidentFixtures.dasu());
        Incident patch = Incident.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                .setTitle("Dasu bus bombing (confirmed toll)").setStatus(IncidentStatus.INCIDENT_STATUS_DISPUTED)
                .setSummary("this must not be applied: summary is not in the mask").build();

        Incident updated = update(patch, "title", "status");

        assertEquals("Dasu bus bombing (confirmed toll)", updated.getTitle());
        assertEquals(IncidentStatus.INCIDENT_STATUS_DISPUTED, updated.getStatus());
        assertEquals(original.getSummary(), updated.getSummary());
        assertNotEquals(original.getEtag(), updated.getEtag());
        assertEquals(original.getCreateTime(), updated.getCreateTime());
        assertTrue(seconds(updated.getUpdateTime()) >= seconds(original.getUpdateTime()));
        assertEquals(updated, get(original.getName()));
    }

    @Test
    void updatesOneSubfieldOfThePlace() {
        Incident original = create(IncidentFixtures.besham());
        Incident patch = Incident.newBuilder().setName(original.getName())
                .setPlace(Place.newBuilder().setProvince("KP")).build();

        Incident updated = update(patch, "place.province");

        assertEquals(original.getPlace().toBuilder().setProvince("KP").build(), updated.getPlace());
    }

    @Test
    void ignoresOutputOnlyFieldsInTheMask() {
        Incident original = create(IncidentFixtures.dasu());
        Incident patch = original.toBuilder().setName(original.getName()).setCreateTime(Timestamp.newBuilder()
                .setSeconds(1)).setTitle("Renamed").build();

        Incident updated = update(patch, "create_time", "title");

        assertEquals("Renamed", updated.getTitle());
        assertEquals(original.getCreateTime(), updated.getCreateTime());
    }

    @Test
    void aStaleEtagIsAbortedAndChangesNothing() {
        Incident original = create(IncidentFixtures.dasu());
        update(Incident.newBuilder().setName(original.getName()).setTitle("First edit").build(), "title");

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> update(Incident.newBuilder()
                .setName(original.getName()).setEtag(original.getEtag()).setTitle("Second edit").build(), "title"));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals("First edit", get(original.getName()).getTitle());
    }

    @Test
    void concurrentUpdatesWithTheSameEtagLetExactlyOneWin() throws Exception {
        Incident original = create(IncidentFixtures.karachiAirport());
        int writers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<Incident>> calls = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String title = "Edit " + i;
            calls.add(() -> {
                start.await();
                return update(Incident.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                        .setTitle(title).build(), "title");
            });
        }
        try {
            List<Future<Incident>> results = new ArrayList<>();
            for (Callable<Incident> call : calls) {
                results.add(pool.submit(call));
            }
            start.countDown();
            int won = 0;
            String winner = null;
            for (Future<Incident> result : results) {
                try {
                    winner = result.get().getTitle();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(Status.Code.ABORTED, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
                }
            }
            assertEquals(1, won);
            assertEquals(winner, get(original.getName()).getTitle());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesUnknownPathsAndAnEmptyMask() {
        Incident original = create(IncidentFixtures.dasu());
        Incident patch = Incident.newBuilder().setName(original.getName()).setTitle("x").build();

        StatusRuntimeException unknown = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> update(patch, "title", "no_such_field", "title.length"));
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(unknown));
        assertEquals(2, GrpcErrors.detail(unknown, com.google.rpc.BadRequest.class).getFieldViolationsCount());

        StatusRuntimeException empty = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(patch));
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(empty));
        assertEquals(original, get(original.getName()));
    }

    @Test
    void validatesTheResultAndWritesNothingWhenItIsInvalid() {
        Incident original = create(IncidentFixtures.dasu());
        // 9 Chinese among the killed: lowering the toll below 9 breaks the breakdown rule.
        Incident patch = Incident.newBuilder().setName(original.getName()).setTitle("")
                .setKilled(CasualtyEstimate.newBuilder().setBest(5)).build();

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(patch, "title", "killed"));

        assertEquals(Set.of("incident.title", "incident.casualties_by_nationality"), GrpcErrors.violatedFields(e));
        assertEquals(original, get(original.getName()));
    }

    @Test
    void theWildcardReplacesEveryUpdatableField() {
        Incident original = create(IncidentFixtures.dasu());
        Incident replacement = IncidentFixtures.karachiAirport().toBuilder().setName(original.getName()).build();

        Incident updated = update(replacement, "*");

        assertEquals(replacement.toBuilder().setStatus(IncidentStatus.INCIDENT_STATUS_REPORTED)
                .setInjured(CasualtyEstimate.newBuilder().setLow(10).setBest(10).setHigh(10))
                .setCreateTime(original.getCreateTime()).setUpdateTime(updated.getUpdateTime())
                .setEtag(updated.getEtag()).build(), updated);
    }

    @Test
    void unknownAndMalformedNames() {
        StatusRuntimeException missing = assertFails(Status.Code.NOT_FOUND, () -> update(
                Incident.newBuilder().setName("incidents/does-not-exist").setTitle("x").build(), "title"));
        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(missing).getReason());

        StatusRuntimeException malformed = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(
                Incident.newBuilder().setName("deals/abc").setTitle("x").build(), "title"));
        assertEquals(Set.of("incident.name"), GrpcErrors.violatedFields(malformed));
    }

    private Incident create(Incident incident) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(incident).build());
    }

    private Incident get(String name) {
        return incidents.getIncident(GetIncidentRequest.newBuilder().setName(name).build());
    }

    private Incident update(Incident patch, String... paths) {
        return incidents.updateIncident(UpdateIncidentRequest.newBuilder().setIncident(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    private static double seconds(Timestamp t) {
        return t.getSeconds() + t.getNanos() / 1e9;
    }
}
