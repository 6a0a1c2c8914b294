package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.incidents.repository.IncidentSqlFilter;
import org.corridorwatch.support.paging.PageTokens;
import org.corridorwatch.support.persistence.TextMatchPlans;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ListIncidentsTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @Test
    void filtersByEachField() {
        String deal = IncidentFixtures.uniqueDeal();
        Incident dasu = create(IncidentFixtures.dasu(), deal);
        Incident besham = create(IncidentFixtures.besham(), deal);
        Incident karachi = create(IncidentFixtures.karachiAirport(), deal);
        Incident other = create(IncidentFixtures.dasu().toBuilder().setTitle("Armed assault on a checkpoint")
                .setSummary("Gunmen attacked a police checkpoint.").setIncidentType(IncidentType.INCIDENT_TYPE_ARMED_ASSAULT)
                .setOccurredDate(date(2023, 6, 1)).clearCasualtiesByNationality()
                .setKilled(CasualtyEstimate.newBuilder().setBest(1))
                .setPlace(IncidentFixtures.dasu().getPlace().toBuilder().setProvince("Balochistan")
                        .setCountryCode("PK")).build(), deal);

        assertEquals(List.of(karachi, besham, other, dasu), list(deal, f -> f), "default order: newest first");
        assertEquals(List.of(karachi), list(deal, f -> f.setProvince("sindh")));
        assertEquals(List.of(besham, dasu), list(deal, f -> f.setProvince("Khyber Pakhtunkhwa")));
        assertEquals(List.of(karachi, besham), list(deal, f -> f.setOccurredAfter(date(2024, 0, 0))));
        // Besham is known only to March 2024: it lies within "up to March 2024" but not within "up to 2024-03-15".
        assertEquals(List.of(besham, other), list(deal, f -> f.setOccurredAfter(date(2022, 1, 1))
                .setOccurredBefore(date(2024, 3, 0))));
        assertEquals(List.of(other), list(deal, f -> f.setOccurredAfter(date(2022, 1, 1))
                .setOccurredBefore(date(2024, 3, 15))));
        assertEquals(List.of(karachi, besham, dasu), list(deal, f -> f.setVictimNationality("CN")));
        assertEquals(List.of(besham), list(deal, f -> f.setVictimNationality("PK")));
        assertEquals(List.of(besham, dasu), list(deal, f -> f.setMinKilled(6)));
        assertEquals(List.of(karachi, other), list(deal, f -> f.addIncidentTypes(IncidentType.INCIDENT_TYPE_ARMED_ASSAULT)
                .addIncidentTypes(IncidentType.INCIDENT_TYPE_VEHICLE_BORNE_IED)));
        assertEquals(List.of(other, dasu), list(deal, f -> f.addStatuses(IncidentStatus.INCIDENT_STATUS_CONFIRMED)));
        assertEquals(List.of(), list(deal, f -> f.setCountryCode("CN")));
        assertEquals(4, list(deal, f -> f.setCountryCode("PK")).size());
    }

    @Test
    void searchesTitlesAndSummariesAsText() {
        String deal = IncidentFixtures.uniqueDeal();
        Incident karachi = create(IncidentFixtures.karachiAirport(), deal);
        Incident besham = create(IncidentFixtures.besham(), deal);
        create(IncidentFixtures.dasu(), deal);

        // English stemming: "airports" finds "airport"; the summary is searched too ("engineers").
        assertEquals(List.of(karachi), list(deal, f -> f.setQuery("airports")));
        assertEquals(List.of(karachi, besham), list(deal, f -> f.setQuery("engineers")));
        assertEquals(List.of(besham), list(deal, f -> f.setQuery("engineers -airport")));
        assertEquals(List.of(besham), list(deal, f -> f.setQuery("\"dam project\" convoy")));
        assertEquals(List.of(), list(deal, f -> f.setQuery("earthquake")));
    }

    /**
     * The pages of a rare term are read from the text index and sorted (TextMatchPlans: left to
     * itself, the planner walks the whole order index for them), in the same order and pages as
     * the order index gives the same incidents.
     */
    @Test
    void pagesThroughARareTermsMatchesReadFromTheTextIndex() throws SQLException {
        String deal = IncidentFixtures.uniqueDeal();
        String term = "qz" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        Set<String> withTheTerm = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            Incident incident = IncidentFixtures.dasu().toBuilder().setOccurredDate(date(2020 + i % 3, 1 + i % 2, 0))
                    .build();
            if (i % 5 == 0) {
                withTheTerm.add(create(incident.toBuilder().setTitle("Attack reported by " + term).build(), deal)
                        .getName());
            } else {
                create(incident, deal);
            }
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE incidents"); // the planner's estimates, and the table's size, as in production
        }
        IncidentFilter byTerm = IncidentFilter.newBuilder().setQuery(term).build();
        try (Connection connection = dataSource.getConnection()) {
            assertTrue(TextMatchPlans.fewEnoughToSort(connection, "incidents i", IncidentSqlFilter.of(byTerm), 3),
                    "a rare term is read from the text index");
            assertFalse(TextMatchPlans.fewEnoughToSort(connection, "incidents i",
                    IncidentSqlFilter.of(IncidentFilter.getDefaultInstance()), 3),
                    "without a text condition, the planner's own plan");
        }

        for (String orderBy : List.of("", "occurred_date", "update_time desc")) {
            List<String> fromTextIndex = names(pageThrough(byTerm, orderBy, 2));
            assertEquals(6, new HashSet<>(fromTextIndex).size(), orderBy);
            assertEquals(names(pageThrough(deal, orderBy, 7)).stream().filter(withTheTerm::contains).toList(),
                    fromTextIndex, orderBy);
            // With another condition too, applied to the matches after.
            assertEquals(fromTextIndex, names(pageThrough(byTerm.toBuilder().setAffectedDeal(deal)
                    .setOccurredAfter(date(2020, 0, 0)).build(), orderBy, 2)), orderBy);
        }
    }

    /**
     * A page filtered by min_killed, alone or with other conditions on the incident's columns,
     * reads its ids first from V12's covering index (SqlConditions.readsIdsFirst), in the date
     * orders (update_time's keeps the plain statement, compared here too): the same pages as the
     * plain statement gives the same incidents.
     */
    @Test
    void pagesThroughMinKilledReadingTheIdsFirst() {
        String deal = IncidentFixtures.uniqueDeal();
        // Killed figures no other test uses, so the filter alone selects this test's incidents
        // (and any a run before left), which the comparisons are limited to.
        int killed = 90_000 + (int) (Math.random() * 9_000);
        Set<String> killedEnough = new HashSet<>();
        Set<String> killedEnoughWithinDates = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            int best = i % 4 == 0 ? killed - 1 : killed + i % 3;
            Incident incident = create(IncidentFixtures.dasu().toBuilder()
                    .setOccurredDate(date(2020 + i % 3, 1 + i % 2, 0))
                    .setKilled(CasualtyEstimate.newBuilder().setLow(best).setBest(best).setHigh(best)).build(), deal);
            if (best >= killed) {
                killedEnough.add(incident.getName());
                if (incident.getOccurredDate().getYear() == 2021 || incident.getOccurredDate().getMonth() == 1
                        && incident.getOccurredDate().getYear() == 2022) {
                    killedEnoughWithinDates.add(incident.getName());
                }
            }
        }
        IncidentFilter byKilled = IncidentFilter.newBuilder().setMinKilled(killed).build();
        IncidentFilter byKilledWithinDates = byKilled.toBuilder().setOccurredAfter(date(2021, 0, 0))
                .setOccurredBefore(date(2022, 1, 0)).build();
        IncidentFilter byKilledAndDeal = byKilled.toBuilder().setAffectedDeal(deal)
                .addStatuses(IncidentStatus.INCIDENT_STATUS_CONFIRMED).setProvince("khyber pakhtunkhwa").build();
        for (IncidentFilter idsFirst : List.of(byKilled, byKilledWithinDates, byKilledAndDeal)) {
            assertTrue(IncidentSqlFilter.of(idsFirst).readsIdsFirst(), idsFirst.toString());
        }
        // Conditions the covering index cannot answer: the plain statement.
        assertFalse(IncidentSqlFilter.of(byKilled.toBuilder().setVictimNationality("CN").build()).readsIdsFirst());
        assertFalse(IncidentSqlFilter.of(byKilled.toBuilder().setQuery("bus").build()).readsIdsFirst());
        assertFalse(IncidentSqlFilter.of(IncidentFilter.newBuilder().setAffectedDeal(deal).build()).readsIdsFirst());

        assertEquals(9, killedEnough.size());
        assertEquals(4, killedEnoughWithinDates.size()); // those of 2021, and the one of January 2022
        for (String orderBy : List.of("", "occurred_date", "update_time desc")) {
            List<String> inOrder = names(pageThrough(deal, orderBy, 7)); // the deal's incidents, the plain statement
            assertEquals(inOrder.stream().filter(killedEnough::contains).toList(),
                    names(pageThrough(byKilled, orderBy, 2)).stream().filter(killedEnough::contains).toList(), orderBy);
            assertEquals(inOrder.stream().filter(killedEnoughWithinDates::contains).toList(),
                    names(pageThrough(byKilledWithinDates, orderBy, 2)).stream()
                            .filter(killedEnoughWithinDates::contains).toList(), orderBy);
            assertEquals(inOrder.stream().filter(killedEnough::contains).toList(),
                    names(pageThrough(byKilledAndDeal, orderBy, 2)), orderBy);
        }
    }

    @Test
    void pagesThroughEveryOrderWithoutDuplicatesOrGaps() {
        String deal = IncidentFixtures.uniqueDeal();
        for (int i = 0; i < 12; i++) {
            // Several incidents share a date, so the id must break ties.
            create(IncidentFixtures.dasu().toBuilder().setOccurredDate(date(2020 + i % 3, 1, 0)).build(), deal);
        }
        for (String orderBy : List.of("", "occurred_date", "occurred_date desc", "update_time", "update_time desc")) {
            List<Incident> all = pageThrough(deal, orderBy, 5);
            assertEquals(12, all.size(), orderBy);
            assertEquals(12, new HashSet<>(names(all)).size(), orderBy);
            List<Incident> sorted = new ArrayList<>(all);
            sorted.sort(comparator(orderBy));
            assertEquals(names(sorted), names(all), "order " + orderBy);
        }
    }

    @Test
    void rowsInsertedWhilePagingNeitherRepeatNorHideExistingOnes() {
        String deal = IncidentFixtures.uniqueDeal();
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            // Many share a date, so pages end inside runs of equal dates.
            existing.add(create(IncidentFixtures.dasu().toBuilder().setOccurredDate(date(2000 + i % 5, 1, 0))
                    .build(), deal).getName());
        }
        List<String> seen = new ArrayList<>();
        ListIncidentsRequest request = ListIncidentsRequest.newBuilder()
                .setFilter(IncidentFilter.newBuilder().setAffectedDeal(deal)).setPageSize(7).build();
        int inserted = 0;
        while (true) {
            ListIncidentsResponse page = incidents.listIncidents(request);
            page.getIncidentsList().forEach(i -> seen.add(i.getName()));
            // Insert rows before, inside and after the part already read.
            for (int year : new int[] {1990, 2010, 2025}) {
                create(IncidentFixtures.dasu().toBuilder().setOccurredDate(date(year, 1, 0)).build(), deal);
                inserted++;
            }
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no incident is listed twice");
        assertTrue(seen.containsAll(existing), "every incident that existed before paging is listed");
        assertTrue(inserted > 0);
    }

    @Test
    void pageSizeDefaultsCoercionAndRefusal() {
        String deal = IncidentFixtures.uniqueDeal();
        for (int i = 0; i < 3; i++) {
            create(IncidentFixtures.dasu(), deal);
        }
        IncidentFilter filter = IncidentFilter.newBuilder().setAffectedDeal(deal).build();
        ListIncidentsResponse huge = incidents.listIncidents(ListIncidentsRequest.newBuilder().setFilter(filter)
                .setPageSize(1_000_000).build());
        assertEquals(3, huge.getIncidentsCount());
        assertEquals("", huge.getNextPageToken());

        ListIncidentsResponse first = incidents.listIncidents(ListIncidentsRequest.newBuilder().setFilter(filter)
                .setPageSize(2).build());
        assertEquals(2, first.getIncidentsCount());
        assertTrue(!first.getNextPageToken().isEmpty());

        StatusRuntimeException negative = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                ListIncidentsRequest.newBuilder().setPageSize(-1).build()));
        assertEquals(Set.of("page_size"), GrpcErrors.violatedFields(negative));
    }

    @Test
    void refusesTokensOfOtherQueriesAndMalformedOnes() {
        String deal = IncidentFixtures.uniqueDeal();
        create(IncidentFixtures.dasu(), deal);
        create(IncidentFixtures.besham(), deal);
        ListIncidentsRequest request = ListIncidentsRequest.newBuilder()
                .setFilter(IncidentFilter.newBuilder().setAffectedDeal(deal)).setPageSize(1).build();
        String token = incidents.listIncidents(request).getNextPageToken();

        // Same token, other filter: refused, not silently applied.
        StatusRuntimeException foreign = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                request.toBuilder().setFilter(IncidentFilter.newBuilder().setAffectedDeal(IncidentFixtures.uniqueDeal()))
                        .setPageToken(token).build()));
        assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(foreign));
        assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                request.toBuilder().setOrderBy("update_time").setPageToken(token).build()));

        // Truncated by a character (unsigned tokens still held a shorter, well-formed id then), or by more.
        for (String bad : List.of("garbage!", "bm90IGEgdG9rZW4", token.substring(0, 10),
                token.substring(0, token.length() - 1), token.substring(1))) {
            StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                    () -> incidents.listIncidents(request.toBuilder().setPageToken(bad).build()));
            assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
        }
        // Cursors are checked even in a token signed with the service's key: refused, not sent to SQL.
        ListIncidentsRequest query = request.toBuilder().clearPageSize().build();
        for (List<String> cursor : List.of(List.of("2024-01-01", "a\u0000b"), List.of("+99999999-01-01", "x"),
                List.of("yesterday", "x"))) {
            String forged = PageTokens.encode(query, cursor);
            StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                    () -> incidents.listIncidents(request.toBuilder().setPageToken(forged).build()));
            assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
        }
        // A different page size with the same token is fine (AIP-158).
        assertEquals(1, incidents.listIncidents(request.toBuilder().setPageSize(10).setPageToken(token).build())
                .getIncidentsCount());
    }

    @Test
    void refusesATokenOfAnotherMethodEvenForEmptyRequests() {
        String deal = IncidentFixtures.uniqueDeal();
        Incident besham = create(IncidentFixtures.besham(), deal);
        create(IncidentFixtures.dasu(), deal); // older: a row after the cursor
        // A cursor ListIncidents understands (occurred date, id), signed with this service's key as
        // if ListDeals had issued it. Both requests are empty: their fields serialize to the same
        // (zero) bytes, and only the method tells them apart.
        List<String> cursor = List.of("2024-03-01", besham.getName().substring("incidents/".length()));
        String listDealsToken = PageTokens.encode(ListDealsRequest.getDefaultInstance(), cursor);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                ListIncidentsRequest.newBuilder().setPageToken(listDealsToken).build()));

        assertEquals("belongs to a different query; repeat the request that returned it with only page_token and"
                + " page_size changed", GrpcErrors.detail(e, BadRequest.class).getFieldViolations(0).getDescription());
        // The same cursor bound to ListIncidents is accepted: it is the binding that refused the other.
        assertEquals(1, incidents.listIncidents(ListIncidentsRequest.newBuilder().setPageSize(1).setPageToken(
                PageTokens.encode(ListIncidentsRequest.getDefaultInstance(), cursor)).build()).getIncidentsCount());
    }

    @Test
    void refusesBadFiltersAndOrderingAllAtOnce() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                ListIncidentsRequest.newBuilder().setOrderBy("title").setFilter(IncidentFilter.newBuilder()
                        .setOccurredAfter(date(2024, 2, 30)).setCountryCode("pk").setVictimNationality("China")
                        .setMinKilled(-1).setAffectedDeal("ml-1").setQuery("q".repeat(501))
                        .addIncidentTypes(IncidentType.INCIDENT_TYPE_UNSPECIFIED)).build()));
        assertEquals(Set.of("order_by", "filter.occurred_after", "filter.country_code", "filter.victim_nationality",
                "filter.min_killed", "filter.affected_deal", "filter.query", "filter.incident_types[0]"),
                GrpcErrors.violatedFields(e));
    }

    @Test
    void refusesAnEmptyDateRange() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> incidents.listIncidents(
                ListIncidentsRequest.newBuilder().setFilter(IncidentFilter.newBuilder()
                        .setOccurredAfter(date(2024, 5, 0)).setOccurredBefore(date(2024, 4, 30))).build()));
        assertEquals(Set.of("filter.occurred_before"), GrpcErrors.violatedFields(e));
        // A one-month range given as the same partial date twice is not empty.
        assertEquals(0, incidents.listIncidents(ListIncidentsRequest.newBuilder().setFilter(IncidentFilter.newBuilder()
                .setAffectedDeal(IncidentFixtures.uniqueDeal()).setOccurredAfter(date(2024, 5, 0))
                .setOccurredBefore(date(2024, 5, 0))).build()).getIncidentsCount());
    }

    private List<Incident> pageThrough(String deal, String orderBy, int pageSize) {
        return pageThrough(IncidentFilter.newBuilder().setAffectedDeal(deal).build(), orderBy, pageSize);
    }

    private List<Incident> pageThrough(IncidentFilter filter, String orderBy, int pageSize) {
        return IncidentsTestSupport.pageThrough(incidents, filter, orderBy, pageSize, null);
    }

    private static Comparator<Incident> comparator(String orderBy) {
        Comparator<Incident> byDate = Comparator.comparing((Incident i) -> i.getOccurredDate().getYear())
                .thenComparing(i -> i.getOccurredDate().getMonth()).thenComparing(i -> i.getOccurredDate().getDay());
        Comparator<Incident> byUpdate = Comparator.comparing((Incident i) -> i.getUpdateTime().getSeconds())
                .thenComparing(i -> i.getUpdateTime().getNanos());
        Comparator<Incident> key = orderBy.startsWith("update_time") ? byUpdate : byDate;
        Comparator<Incident> full = key.thenComparing(Incident::getName);
        return orderBy.isEmpty() || orderBy.endsWith("desc") ? full.reversed() : full;
    }

    /** The incidents of this test's deal that also match the filter. */
    private List<Incident> list(String deal, UnaryOperator<IncidentFilter.Builder> filter) {
        return incidents.listIncidents(ListIncidentsRequest.newBuilder()
                .setFilter(filter.apply(IncidentFilter.newBuilder().setAffectedDeal(deal))).build()).getIncidentsList();
    }

    private Incident create(Incident incident, String deal) {
        return IncidentsTestSupport.create(incidents, incident, deal);
    }

    private static List<String> names(List<Incident> list) {
        return IncidentsTestSupport.names(list);
    }
}
