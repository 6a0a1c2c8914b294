package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.corridorwatch.incidents.IncidentsTestSupport.incidentRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CreateIncidentTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @Test
    void createsAnIncidentAndReturnsItAsStored() {
        Incident sent = IncidentFixtures.karachiAirport();
        Instant before = Instant.now().minusSeconds(1);

        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(sent).build());

        assertTrue(created.getName().matches("incidents/[0-9a-f-]{36}"), created.getName());
        assertFalse(created.getEtag().isEmpty());
        assertTrue(created.getCreateTime().getSeconds() >= before.getEpochSecond());
        assertEquals(created.getCreateTime(), created.getUpdateTime());
        // Everything the client sent comes back; unset low/high are filled in from best.
        Incident expected = sent.toBuilder().setName(created.getName()).setEtag(created.getEtag())
                .setCreateTime(created.getCreateTime()).setUpdateTime(created.getUpdateTime())
                .setStatus(IncidentStatus.INCIDENT_STATUS_REPORTED)
                .setInjured(CasualtyEstimate.newBuilder().setLow(10).setBest(10).setHigh(10)).build();
        assertEquals(expected, created);
        assertEquals(created, incidents.getIncident(GetIncidentRequest.newBuilder().setName(created.getName()).build()));
    }

    @Test
    void keepsPartialDatesAsTheirPrecision() {
        Incident created = create(IncidentFixtures.besham(), "");
        assertEquals(date(2024, 3, 0), created.getOccurredDate());
        assertEquals(date(2021, 0, 0), create(IncidentFixtures.dasu(), "").getOccurredDate());
    }

    @Test
    void usesTheClientChosenIdAndRefusesItTwice() {
        String id = "dasu-" + UUID.randomUUID().toString().substring(0, 8);
        Incident created = create(IncidentFixtures.dasu(), id);
        assertEquals("incidents/" + id, created.getName());

        StatusRuntimeException e = assertFails(Status.Code.ALREADY_EXISTS, () -> create(IncidentFixtures.dasu(), id));
        assertEquals("RESOURCE_ALREADY_EXISTS", GrpcErrors.errorInfo(e).getReason());
        assertEquals("incidents/" + id, GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    @Test
    void aRetriedCreateWithTheSameRequestIdReturnsTheOriginal() throws Exception {
        String requestId = UUID.randomUUID().toString();
        CreateIncidentRequest request = CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu())
                .setRequestId(requestId).build();
        long rowsBefore = incidentRows(dataSource);

        Incident first = incidents.createIncident(request);
        Incident retry = incidents.createIncident(request);

        assertEquals(first, retry);
        assertEquals(rowsBefore + 1, incidentRows(dataSource));
    }

    @Test
    void aRetriedCreateWithAChosenIdReturnsTheOriginal() throws Exception {
        // The retry's insert trips the primary key before the request_id: still the original.
        CreateIncidentRequest request = CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.besham())
                .setIncidentId("besham-" + UUID.randomUUID().toString().substring(0, 8))
                .setRequestId(UUID.randomUUID().toString()).build();
        long rowsBefore = incidentRows(dataSource);

        Incident first = incidents.createIncident(request);
        Incident retry = incidents.createIncident(request);

        assertEquals(first, retry);
        assertEquals(rowsBefore + 1, incidentRows(dataSource));
        assertEquals(1, revisionsOf(request.getIncidentId()));
    }

    @Test
    void aTakenIdWithAnotherRequestIdIsAlreadyExistsAndChangesNothing() throws Exception {
        String id = "dasu-" + UUID.randomUUID().toString().substring(0, 8);
        Incident original = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.dasu()).setIncidentId(id).setRequestId(UUID.randomUUID().toString())
                .build());
        long rowsBefore = incidentRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.ALREADY_EXISTS, () -> incidents.createIncident(
                CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.besham()).setIncidentId(id)
                        .setRequestId(UUID.randomUUID().toString()).build()));

        assertEquals("incidents/" + id, GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
        assertEquals(rowsBefore, incidentRows(dataSource));
        assertEquals(original, incidents.getIncident(GetIncidentRequest.newBuilder().setName("incidents/" + id).build()));
        assertEquals(1, revisionsOf(id));
    }

    private long revisionsOf(String id) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
                var count = connection.prepareStatement("SELECT count(*) FROM revisions WHERE resource_id = ?")) {
            count.setString(1, id);
            try (var result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Test
    void concurrentRetriesWithOneRequestIdCreateOneIncident() throws Exception {
        concurrentRetriesCreateOneIncident("");
    }

    @Test
    void concurrentRetriesWithOneRequestIdAndAClientIdCreateOneIncident() throws Exception {
        // The losers trip over the primary key first; they must still get the winner's incident.
        concurrentRetriesCreateOneIncident("besham-" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    /** Several rounds of 4 identical creates released at once: each round makes exactly one incident. */
    private void concurrentRetriesCreateOneIncident(String idPrefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                CreateIncidentRequest request = CreateIncidentRequest.newBuilder()
                        .setIncident(IncidentFixtures.besham()).setIncidentId(idPrefix.isEmpty() ? "" : idPrefix + round)
                        .setRequestId(UUID.randomUUID().toString()).build();
                long rowsBefore = incidentRows(dataSource);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Incident>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(() -> {
                        start.await();
                        return incidents.createIncident(request);
                    });
                }
                List<Future<Incident>> results = new ArrayList<>();
                calls.forEach(call -> results.add(pool.submit(call)));
                start.countDown();
                Set<String> names = new java.util.HashSet<>();
                for (Future<Incident> result : results) {
                    names.add(result.get().getName());
                }
                assertEquals(1, names.size(), "every retry must return the same incident: " + names);
                assertEquals(rowsBefore + 1, incidentRows(dataSource));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAnIncidentWithEveryViolationListedAndWritesNothing() throws Exception {
        String id = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        Incident bad = Incident.newBuilder()
                .setTitle("   ")
                .setSummary("x".repeat(10_001))
                .setOccurredDate(date(2023, 2, 29))
                .setPlace(Place.newBuilder().setCountryCode("Pakistan")
                        .setLocation(LatLng.newBuilder().setLatitude(91).setLongitude(-181)))
                .setKilled(CasualtyEstimate.newBuilder().setLow(5).setBest(3).setHigh(2))
                .setInjured(CasualtyEstimate.newBuilder().setBest(-1))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(4))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN"))
                .addPerpetrators(PerpetratorAttribution.newBuilder().setActor("TTP"))
                .setAffectedDeal("ml-1")
                .setStatusValue(42)
                .addSources(Source.newBuilder().setUrl("ftp://example.org/report").setPublishedDate(date(2024, 13, 0)))
                .build();
        long rowsBefore = incidentRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.createIncident(
                CreateIncidentRequest.newBuilder().setIncident(bad).setIncidentId(id).setRequestId("not-a-uuid").build()));

        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals("INVALID_ARGUMENT", info.getReason());
        assertEquals("incidents.corridorwatch.org", info.getDomain());
        assertEquals(Set.of(
                "incident.title", "incident.summary", "incident.occurred_date",
                "incident.place.country_code", "incident.place.location.latitude",
                "incident.place.location.longitude", "incident.place.precision",
                "incident.incident_type", "incident.target_type", "incident.status",
                "incident.killed.low", "incident.killed.high", "incident.injured.best", "incident.injured.low",
                "incident.injured.high", "incident.casualties_by_nationality",
                "incident.casualties_by_nationality[1]", "incident.casualties_by_nationality[1].country_code",
                "incident.perpetrators[0].kind", "incident.affected_deal",
                "incident.sources[0].outlet", "incident.sources[0].url", "incident.sources[0].published_date",
                "request_id"), GrpcErrors.violatedFields(e));
        assertEquals(rowsBefore, incidentRows(dataSource));
        assertFails(Status.Code.NOT_FOUND,
                () -> incidents.getIncident(GetIncidentRequest.newBuilder().setName("incidents/" + id).build()));
    }

    @Test
    void refusesNationalityEntriesWithoutVictims() {
        Incident bad = IncidentFixtures.dasu().toBuilder().addCasualtiesByNationality(
                NationalityCasualties.newBuilder().setCountryCode("US")).build();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(bad).build()));
        assertEquals(Set.of("incident.casualties_by_nationality[1]"), GrpcErrors.violatedFields(e));
    }

    @Test
    void aRequestWithVeryManyViolationsStillGetsItsDetails() {
        // 50 nationality entries, each wrong in three ways: more than fit in a gRPC trailer.
        Incident.Builder bad = IncidentFixtures.dasu().toBuilder().clearCasualtiesByNationality();
        for (int i = 0; i < 50; i++) {
            bad.addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("Country number " + i)
                    .setKilled(-1).setInjured(-1));
        }
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(bad).build()));
        assertEquals(25, GrpcErrors.detail(e, com.google.rpc.BadRequest.class).getFieldViolationsCount());
        assertEquals("150", GrpcErrors.errorInfo(e).getMetadataOrThrow("violations"));
        assertTrue(e.getStatus().getDescription().contains("150 fields are invalid"), e.getStatus().getDescription());
    }

    @Test
    void refusesMissingRequiredPartsAndFutureDates() {
        LocalDate nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        Incident bad = IncidentFixtures.dasu().toBuilder().clearPlace().clearSources()
                .setOccurredDate(date(nextYear.getYear(), 1, 1)).build();

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.createIncident(
                CreateIncidentRequest.newBuilder().setIncident(bad).setIncidentId("-bad-id").build()));

        assertEquals(Set.of("incident.place", "incident.sources", "incident.occurred_date", "incident_id"),
                GrpcErrors.violatedFields(e));
    }

    @Test
    void refusesOversizedListsAndTexts() {
        Incident.Builder bad = IncidentFixtures.dasu().toBuilder().setTitle("t".repeat(301))
                .setSummary("PostgreSQL cannot store \u0000 in text");
        for (int i = 0; i < 51; i++) {
            bad.addSources(IncidentFixtures.dawnSource());
        }
        for (int i = 0; i < 21; i++) {
            bad.addPerpetrators(PerpetratorAttribution.newBuilder().setActor("group " + i)
                    .setKind(org.corridorwatch.api.incidents.v1.AttributionKind.ATTRIBUTION_KIND_SUSPECTED));
        }
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(bad).build()));
        assertEquals(Set.of("incident.title", "incident.summary", "incident.sources", "incident.perpetrators"),
                GrpcErrors.violatedFields(e));
    }

    @Test
    void errorMessagesAreEnglishWithoutInternals() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.getDefaultInstance()));
        String message = e.getStatus().getDescription();
        assertTrue(message.startsWith("Invalid request"), message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("org."), message);
        assertNotEquals(0, GrpcErrors.violatedFields(e).size());
    }

    private Incident create(Incident incident, String id) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(incident).setIncidentId(id).build());
    }
}
