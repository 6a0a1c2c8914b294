package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.incidents.IncidentsTestSupport.names;
import static org.corridorwatch.incidents.IncidentsTestSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.incidents.repository.IncidentSqlFilter;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.UndeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A List filtered by victim nationality, read over the nationality rows' copy of their incident's
 * first day (V11, SqlConditions.existsRow): the copy follows every write, and the pages, their
 * order and their cursors are those of the incidents themselves, now and as of a past time.
 */
@QuarkusTest
class NationalityListOrderTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @Test
    void theCopiesFollowTheIncidentWhoeverWrites() throws SQLException {
        Incident created = create(IncidentFixtures.dasu(), IncidentFixtures.uniqueDeal());
        String id = created.getName().substring("incidents/".length());
        assertEquals(List.of("2021-01-01..2021-12-31 killed 13"), copies(id));

        update(created, date(2019, 3, 2));
        assertEquals(List.of("2019-03-02..2019-03-02 killed 13"), copies(id), "moved with its incident");

        // A row written by hand, with wrong copies, takes its incident's columns.
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO incident_nationality_casualties (incident_id, position, country_code, killed, injured,"
                        + " occurred_start, occurred_end, killed_best, delete_time)"
                        + " VALUES (?, 1, 'PK', 1, 0, DATE '1999-01-01', DATE '1999-01-02', 99, now())")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        assertEquals(List.of("2019-03-02..2019-03-02 killed 13", "2019-03-02..2019-03-02 killed 13"), copies(id));

        // The date, the dead and the rows changed in one update.
        incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(created.getName()).setOccurredDate(date(2018, 6, 0))
                        .setKilled(CasualtyEstimate.newBuilder().setBest(14))
                        .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("AF").setKilled(2))
                        .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(3)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("occurred_date").addPaths("killed")
                        .addPaths("casualties_by_nationality"))
                .setReason("revised").build());
        assertEquals(List.of("2018-06-01..2018-06-30 killed 14", "2018-06-01..2018-06-30 killed 14"), copies(id));

        // Its place and status changed: every copy, of every incident's rows, is its incident's column.
        incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(created.getName())
                        .setPlace(created.getPlace().toBuilder().setProvince("Gilgit-Baltistan"))
                        .setStatus(IncidentStatus.INCIDENT_STATUS_DISPUTED))
                .setUpdateMask(FieldMask.newBuilder().addPaths("place").addPaths("status")).setReason("moved").build());
        assertEquals(0, rowsWithStaleCopies());

        // Deleted and undeleted, the rows with it.
        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(created.getName()).build());
        assertEquals(List.of("2018-06-01..2018-06-30 killed 14 deleted", "2018-06-01..2018-06-30 killed 14 deleted"),
                copies(id));
        incidents.undeleteIncident(UndeleteIncidentRequest.newBuilder().setName(created.getName()).build());
        assertEquals(List.of("2018-06-01..2018-06-30 killed 14", "2018-06-01..2018-06-30 killed 14"), copies(id));

        // A row moved by hand to another incident takes that one's columns.
        Incident other = create(IncidentFixtures.dasu().toBuilder().setOccurredDate(date(2012, 0, 0))
                .setKilled(CasualtyEstimate.newBuilder().setBest(12)).build(), IncidentFixtures.uniqueDeal());
        String otherId = other.getName().substring("incidents/".length());
        try (Connection connection = dataSource.getConnection(); PreparedStatement move = connection.prepareStatement(
                "UPDATE incident_nationality_casualties SET incident_id = ?, position = 1 WHERE incident_id = ?"
                        + " AND country_code = 'AF'")) {
            move.setString(1, otherId);
            move.setString(2, id);
            assertEquals(1, move.executeUpdate());
        }
        assertEquals(List.of("2012-01-01..2012-12-31 killed 12", "2012-01-01..2012-12-31 killed 12"), copies(otherId));
        assertEquals(0, rowsWithStaleCopies());
    }

    /**
     * Every filter without free text, with a victim nationality, is read from the nationality rows
     * in the date order: the rows copy every column it reads (a missing copy would fall back to
     * the plain EXISTS, which gives the same pages, unseen by the tests of the pages).
     */
    @Test
    void everyFilterButFreeTextIsReadFromTheRowsInTheDateOrder() {
        IncidentFilter everything = IncidentFilter.newBuilder().setVictimNationality("CN")
                .setOccurredAfter(date(2001, 0, 0)).setOccurredBefore(date(2002, 3, 0)).setCountryCode("PK")
                .setProvince("Sindh").addIncidentTypes(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .addStatuses(IncidentStatus.INCIDENT_STATUS_CONFIRMED).setAffectedDeal("deals/ml-1")
                .setMinKilled(3).build();
        assertTrue(IncidentSqlFilter.of(everything).readsFromRows("i.occurred_start"));
        assertTrue(IncidentSqlFilter.of(IncidentFilter.newBuilder().setVictimNationality("CN").build())
                .readsFromRows("i.occurred_start"));
        assertFalse(IncidentSqlFilter.of(everything).readsFromRows("i.update_time"), "no copy of update_time");
        assertFalse(IncidentSqlFilter.of(everything.toBuilder().setQuery("bus").build())
                .readsFromRows("i.occurred_start"));
        assertFalse(IncidentSqlFilter.of(everything.toBuilder().clearVictimNationality().build())
                .readsFromRows("i.occurred_start"));
    }

    /**
     * The incidents are in years no other test uses, so that a range of them alone selects them.
     * Without free text, a page in the date order is read from the nationality rows
     * (SqlConditions.readsFromRows); with free text, or in update_time's order, it is the plain
     * EXISTS; as of a past time, the plain EXISTS over the restored rows.
     */
    @Test
    void pagesByNationalityAreTheIncidentsOwnInEveryOrderNowAndAsOfAPastTime() {
        String deal = IncidentFixtures.uniqueDeal();
        List<Incident> chinese = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            // Several share a date, so the cursor's id breaks ties; every third has no Chinese victims.
            Incident incident = IncidentFixtures.dasu().toBuilder().setOccurredDate(date(1911 + i % 4, 1 + i % 2, 0))
                    .setKilled(CasualtyEstimate.newBuilder().setBest(10 + i)).build();
            if (i % 3 == 2) {
                create(incident.toBuilder().clearCasualtiesByNationality().build(), deal);
            } else {
                chinese.add(create(incident, deal));
            }
        }
        IncidentFilter years = IncidentFilter.newBuilder().setOccurredAfter(date(1900, 0, 0))
                .setOccurredBefore(date(1919, 0, 0)).build();
        IncidentFilter chineseVictims = years.toBuilder().setVictimNationality("CN").build();
        IncidentFilter fewerYears = chineseVictims.toBuilder().setOccurredAfter(date(1911, 0, 0))
                .setOccurredBefore(date(1913, 0, 0)).build();
        for (String orderBy : List.of("", "occurred_date", "update_time desc")) {
            List<String> expected = chineseOf(pageThrough(years, orderBy, 20, null), chinese);
            assertEquals(6, expected.size());
            assertEquals(expected, names(pageThrough(chineseVictims, orderBy, 2, null)), orderBy);
            List<String> inFewerYears = chineseOf(pageThrough(fewerYears.toBuilder().clearVictimNationality().build(),
                    orderBy, 20, null), chinese);
            assertEquals(4, inFewerYears.size());
            assertEquals(inFewerYears, names(pageThrough(fewerYears, orderBy, 3, null)), orderBy);
            // With the conditions on the incident's other columns, which the rows copy too.
            assertEquals(expected, names(pageThrough(chineseVictims.toBuilder().setAffectedDeal(deal)
                    .setProvince("khyber pakhtunkhwa").setCountryCode("PK")
                    .addIncidentTypes(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                    .addStatuses(IncidentStatus.INCIDENT_STATUS_CONFIRMED).build(), orderBy, 2, null)), orderBy);
            assertEquals(List.of(), names(pageThrough(chineseVictims.toBuilder().setProvince("Sindh").build(), orderBy,
                    2, null)), orderBy);
            // With free text too (the plain EXISTS).
            assertEquals(expected, names(pageThrough(chineseVictims.toBuilder().setQuery("bus").build(), orderBy, 2,
                    null)), orderBy);
            // With min_killed, alone and with the fewer years; a year's end before the last day of a month.
            IncidentFilter atLeastFourteen = chineseVictims.toBuilder().setMinKilled(14).build();
            List<String> withFourteenKilled = chineseOf(pageThrough(years.toBuilder().setMinKilled(14).build(), orderBy, 20,
                    null), chinese);
            assertEquals(3, withFourteenKilled.size());
            assertEquals(withFourteenKilled, names(pageThrough(atLeastFourteen, orderBy, 3, null)), orderBy);
            IncidentFilter partOfAYear = fewerYears.toBuilder().setMinKilled(11).setOccurredBefore(date(1913, 1, 15))
                    .build();
            List<String> inPartOfAYear = chineseOf(pageThrough(partOfAYear.toBuilder().clearVictimNationality().build(),
                    orderBy, 20, null), chinese);
            assertEquals(2, inPartOfAYear.size(), "the incidents of January 1913 end after the 15th");
            assertEquals(inPartOfAYear, names(pageThrough(partOfAYear, orderBy, 1, null)), orderBy);
        }

        // A deleted incident's rows are left out of the pages, and back when it is undeleted.
        List<String> withSixteenKilled = names(pageThrough(chineseVictims.toBuilder().setMinKilled(16).build(), "", 1, null));
        assertEquals(2, withSixteenKilled.size());
        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(withSixteenKilled.get(0)).build());
        assertEquals(withSixteenKilled.subList(1, 2),
                names(pageThrough(chineseVictims.toBuilder().setMinKilled(16).build(), "", 1, null)));
        incidents.undeleteIncident(UndeleteIncidentRequest.newBuilder().setName(withSixteenKilled.get(0)).build());
        assertEquals(withSixteenKilled, names(pageThrough(chineseVictims.toBuilder().setMinKilled(16).build(), "", 1, null)));

        // The newest moves to the oldest place: its rows' copy moves with it, so the page sees it there.
        Timestamp beforeMove = now();
        List<String> newestFirst = names(pageThrough(chineseVictims, "", 2, null));
        Incident newest = chinese.stream().filter(i -> i.getName().equals(newestFirst.get(0))).findFirst().orElseThrow();
        update(newest, date(1901, 1, 1));
        List<String> moved = new ArrayList<>(newestFirst.subList(1, newestFirst.size()));
        moved.add(newest.getName());
        assertEquals(moved, names(pageThrough(chineseVictims, "", 2, null)));
        assertEquals(moved.subList(0, moved.size() - 1), names(pageThrough(chineseVictims.toBuilder()
                .setOccurredAfter(date(1911, 0, 0)).build(), "", 2, null)), "out of the range it left");
        // As it stood before (read from restored rows, which have no copy): where it was.
        assertEquals(newestFirst, names(pageThrough(chineseVictims, "", 2, beforeMove)));
    }

    /** The names of those of {@code incidents} that are among {@code chinese}, in their order. */
    private static List<String> chineseOf(List<Incident> incidents, List<Incident> chinese) {
        return names(incidents).stream().filter(names(chinese)::contains).toList();
    }

    /** How many nationality rows have a copy that differs from their incident's column. */
    private long rowsWithStaleCopies() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM incident_nationality_casualties n JOIN incidents i ON i.id = n.incident_id"
                        + " WHERE (n.occurred_start, n.occurred_end, n.killed_best, n.delete_time, n.place_country_code,"
                        + " n.place_province, n.incident_type, n.status, n.affected_deal) IS DISTINCT FROM"
                        + " (i.occurred_start, i.occurred_end, i.killed_best, i.delete_time, i.place_country_code,"
                        + " i.place_province, i.incident_type, i.status, i.affected_deal)");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The copies of the incident's columns in each of its nationality rows, in their order. */
    private List<String> copies(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT occurred_start || '..' || occurred_end || ' killed ' || killed_best"
                        + " || CASE WHEN delete_time IS NULL THEN '' ELSE ' deleted' END"
                        + " FROM incident_nationality_casualties WHERE incident_id = ? ORDER BY position")) {
            select.setString(1, id);
            List<String> copies = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    copies.add(rows.getString(1));
                }
            }
            return copies;
        }
    }

    private List<Incident> pageThrough(IncidentFilter filter, String orderBy, int pageSize, Timestamp readTime) {
        return IncidentsTestSupport.pageThrough(incidents, filter, orderBy, pageSize, readTime);
    }

    private void update(Incident incident, com.google.type.Date occurred) {
        incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(incident.getName()).setOccurredDate(occurred))
                .setUpdateMask(FieldMask.newBuilder().addPaths("occurred_date")).setReason("date corrected").build());
    }

    private Incident create(Incident incident, String deal) {
        return IncidentsTestSupport.create(incidents, incident, deal);
    }
}
