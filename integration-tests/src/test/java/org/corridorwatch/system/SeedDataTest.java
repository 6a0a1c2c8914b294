package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.type.Date;
import com.google.type.Money;

import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.PositionTimelineEntry;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import org.corridorwatch.support.auth.Roles;

/** The seed dataset is in the system, and every link between its records points at something. */
class SeedDataTest {

    private static IncidentServiceBlockingStub incidents;
    private static DealServiceBlockingStub deals;
    private static StatementServiceBlockingStub statements;

    @BeforeAll
    static void connect() {
        SystemUnderTest system = SystemUnderTest.get();
        incidents = IncidentServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INCIDENTS, Roles.READER));
        deals = DealServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS, Roles.READER));
        statements = StatementServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY, Roles.READER));
    }

    @Test
    void theThreeIncidentsOfTheArticlesAreThereWithTheirFigures() {
        List<Incident> found = incidents.batchGetIncidents(BatchGetIncidentsRequest.newBuilder()
                .addNames("incidents/dasu-bus-bombing-2021").addNames("incidents/besham-convoy-attack-2024")
                .addNames("incidents/karachi-airport-bombing-2024").build()).getIncidentsList();
        assertEquals(13, found.get(0).getKilled().getBest());
        assertEquals(9, found.get(0).getCasualtiesByNationality(0).getKilled());
        assertEquals(Date.newBuilder().setYear(2024).setMonth(3).build(), found.get(1).getOccurredDate());
        assertEquals("Sindh", found.get(2).getPlace().getProvince());
        assertEquals("CN", found.get(2).getCasualtiesByNationality(0).getCountryCode());
        found.forEach(incident -> assertFalse(incident.getSources(0).getExcerpt().isBlank(), incident.getName()));
    }

    @Test
    void theDealsCarryTheirAmountsAndStatuses() {
        Deal ml1 = deals.getDeal(GetDealRequest.newBuilder().setName("deals/ml-1-railway-karachi-rohri").build());
        assertEquals(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION, ml1.getStatus());
        assertEquals(usd(2_000_000_000L), ml1.getAmounts(0).getValue());

        SummarizeDealsResponse byCounterpart = deals.summarizeDeals(SummarizeDealsRequest.newBuilder()
                .setFilter(DealFilter.newBuilder().setParty("US Strategic Metals"))
                .setGroupBy(DealGrouping.DEAL_GROUPING_COUNTERPART_COUNTRY).build());
        assertEquals("US", byCounterpart.getGroups(0).getKey());
        assertEquals(usd(500_000_000L), byCounterpart.getGroups(0).getAmountTotals(0).getTotal());
    }

    @Test
    void everyReferenceOfEveryStatementResolvesInTheServiceThatOwnsIt() {
        Set<String> incidentNames = new LinkedHashSet<>();
        Set<String> dealNames = new LinkedHashSet<>();
        List<Statement> all = listStatements(StatementFilter.getDefaultInstance());
        assertTrue(all.size() >= 27, "the seed's 27 statements, got " + all.size());
        all.forEach(s -> {
            incidentNames.addAll(s.getIncidentsList());
            dealNames.addAll(s.getDealsList());
        });
        assertTrue(incidentNames.contains("incidents/karachi-airport-bombing-2024"));
        assertTrue(dealNames.contains("deals/ml-1-railway-karachi-rohri"));
        // BatchGet fails with NOT_FOUND if any one of them is missing.
        assertEquals(incidentNames.size(), incidents.batchGetIncidents(BatchGetIncidentsRequest.newBuilder()
                .addAllNames(incidentNames).build()).getIncidentsCount());
        assertEquals(dealNames.size(), deals.batchGetDeals(BatchGetDealsRequest.newBuilder()
                .addAllNames(dealNames).build()).getDealsCount());
    }

    @Test
    void theKarachiStatementsCiteTheKarachiIncidentAndTararsMl1QuotesTheMl1Deal() {
        List<String> aboutKarachi = listStatements(StatementFilter.newBuilder()
                .setIncident("incidents/karachi-airport-bombing-2024").build()).stream().map(Statement::getName).toList();
        assertTrue(aboutKarachi.contains("statements/ispr-2024-11-declined-to-comment"), aboutKarachi.toString());
        assertTrue(aboutKarachi.contains("statements/pk-interior-2024-11-joint-strategy"), aboutKarachi.toString());

        List<Statement> aboutMl1 = listStatements(StatementFilter.newBuilder()
                .setDeal("deals/ml-1-railway-karachi-rohri").setSpeaker("Attaullah Tarar").build());
        assertEquals(3, aboutMl1.size());
    }

    @Test
    void theFirstQueryTheRunCommandPrintsFindsTheJointSecurityStatements() {
        SearchStatementsResponse found = statements.searchStatements(SearchStatementsRequest.newBuilder()
                .setQuery("joint security").build());
        List<String> names = found.getResultsList().stream().map(r -> r.getStatement().getName()).toList();
        assertTrue(names.contains("statements/prc-mfa-2024-11-not-familiar-with-joint-security-talks"),
                names.toString());
        assertTrue(names.contains("statements/tarar-2025-09-rules-out-joint-security-force"), names.toString());
        assertTrue(found.getResults(0).getSnippet().contains("<b>"), found.getResults(0).getSnippet());
    }

    @Test
    void theJointSecurityTimelinesKeepAForceApartFromAManagementSystem() {
        // A joint force, forces on the ground: Beijing proposes it, Pakistan's agencies are averse, its minister rules it out.
        List<PositionTimelineEntry> force = timeline("joint-security-force");
        assertInDateOrder(force);
        assertEquals("statements/beijing-2024-written-proposal-joint-strikes", force.get(0).getStatement().getName());
        assertEquals(Stance.STANCE_SUPPORTS, force.get(0).getStance());
        assertTrue(force.stream().filter(e -> e.getStatement().getSpeaker().equals("Attaullah Tarar"))
                .allMatch(e -> e.getStance() == Stance.STANCE_RULES_OUT), force.toString());
        // A joint management system: Pakistan's officials accept it.
        List<PositionTimelineEntry> management = timeline("joint-security-management");
        assertInDateOrder(management);
        assertTrue(management.stream().anyMatch(e -> e.getStatement().getName()
                .equals("statements/pk-officials-2024-11-joint-security-management-consensus")
                && e.getStatement().getCountryCode().equals("PK") && e.getStance() == Stance.STANCE_SUPPORTS),
                management.toString());
        assertTrue(management.stream().noneMatch(e -> e.getStance() == Stance.STANCE_OPPOSES
                || e.getStance() == Stance.STANCE_RULES_OUT), management.toString());
    }

    private static List<PositionTimelineEntry> timeline(String topic) {
        return statements.getPositionTimeline(GetPositionTimelineRequest.newBuilder().setTopic(topic)
                .setPageSize(1000).build()).getEntriesList();
    }

    private static void assertInDateOrder(List<PositionTimelineEntry> timeline) {
        List<LocalDate> dates = new ArrayList<>();
        timeline.forEach(e -> dates.add(firstDay(e.getStatement().getStatementDate())));
        List<LocalDate> sorted = new ArrayList<>(dates);
        sorted.sort(null);
        assertEquals(sorted, dates, "timeline is in date order");
    }

    private static List<Statement> listStatements(StatementFilter filter) {
        List<Statement> all = new ArrayList<>();
        String token = "";
        do {
            var page = statements.listStatements(ListStatementsRequest.newBuilder().setFilter(filter).setPageSize(100)
                    .setPageToken(token).build());
            all.addAll(page.getStatementsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private static LocalDate firstDay(Date date) {
        return LocalDate.of(date.getYear(), Math.max(1, date.getMonth()), Math.max(1, date.getDay()));
    }

    static Money usd(long units) {
        return Money.newBuilder().setCurrencyCode("USD").setUnits(units).build();
    }
}
