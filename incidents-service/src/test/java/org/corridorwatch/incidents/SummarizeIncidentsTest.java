package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.corridorwatch.incidents.IncidentsTestSupport.group;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Summaries over a known dataset: the three attacks of the seed articles plus one without a
 * nationality breakdown or province. Expected figures are worked out by hand from the fixtures.
 */
@QuarkusTest
class SummarizeIncidentsTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    private String deal;

    @BeforeEach
    void recordTheDataset() {
        deal = IncidentFixtures.uniqueDeal();
        create(IncidentFixtures.dasu()); // 2021, KP, suicide bombing, 13 killed (9 CN)
        create(IncidentFixtures.besham()); // 2024, KP, suicide bombing, 6 killed (5 CN, 1 PK)
        create(IncidentFixtures.karachiAirport()); // 2024, Sindh, VBIED, 2 killed 10 injured (CN 2 killed 1 injured)
        create(IncidentFixtures.dasu().toBuilder().setTitle("Attack on a survey team").setOccurredDate(date(2022, 5, 0))
                .setPlace(IncidentFixtures.dasu().getPlace().toBuilder().setProvince(""))
                .setKilled(CasualtyEstimate.newBuilder().setBest(0)).setInjured(CasualtyEstimate.newBuilder().setBest(4))
                .clearCasualtiesByNationality().build());
    }

    @Test
    void byYear() {
        SummarizeIncidentsResponse summary = summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, filter());
        assertEquals(List.of(group("2021", 1, 13, 0), group("2022", 1, 0, 4), group("2024", 2, 8, 10)),
                summary.getGroupsList());
        assertEquals(group("", 4, 21, 14), summary.getTotal());
    }

    @Test
    void byProvinceWithTheUnknownProvinceAsEmptyKey() {
        assertEquals(List.of(group("", 1, 0, 4), group("Khyber Pakhtunkhwa", 2, 19, 0), group("Sindh", 1, 2, 10)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_PROVINCE, filter()).getGroupsList());
    }

    @Test
    void byIncidentType() {
        assertEquals(List.of(group("INCIDENT_TYPE_SUICIDE_BOMBING", 3, 19, 4),
                group("INCIDENT_TYPE_VEHICLE_BORNE_IED", 1, 2, 10)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_INCIDENT_TYPE, filter()).getGroupsList());
    }

    @Test
    void byVictimNationalityCountsOnlyThatNationality() {
        SummarizeIncidentsResponse summary = summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY,
                filter());
        assertEquals(List.of(group("CN", 3, 16, 1), group("PK", 1, 1, 0)), summary.getGroupsList());
        assertEquals(group("", 4, 21, 14), summary.getTotal());
    }

    @Test
    void appliesTheSameFiltersAsList() {
        IncidentFilter since2024InKp = filter().toBuilder().setOccurredAfter(date(2024, 0, 0))
                .setProvince("khyber pakhtunkhwa").build();
        SummarizeIncidentsResponse summary = summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, since2024InKp);
        assertEquals(List.of(group("2024", 1, 6, 0)), summary.getGroupsList());
        assertEquals(group("", 1, 6, 0), summary.getTotal());

        SummarizeIncidentsResponse none = summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR,
                filter().toBuilder().setQuery("earthquake").build());
        assertEquals(List.of(), none.getGroupsList());
        assertEquals(group("", 0, 0, 0), none.getTotal());
    }

    @Test
    void refusesAMissingGroupingAndABadFilter() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.summarizeIncidents(
                SummarizeIncidentsRequest.newBuilder().setFilter(IncidentFilter.newBuilder().setMinKilled(-3)).build()));
        assertEquals(Set.of("group_by", "filter.min_killed"), GrpcErrors.violatedFields(e));
    }

    private IncidentFilter filter() {
        return IncidentFilter.newBuilder().setAffectedDeal(deal).build();
    }

    private SummarizeIncidentsResponse summarize(IncidentGrouping grouping, IncidentFilter filter) {
        return IncidentsTestSupport.summarize(incidents, grouping, filter);
    }

    private void create(Incident incident) {
        incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(incident.toBuilder()
                .setAffectedDeal(deal)).build());
    }
}
