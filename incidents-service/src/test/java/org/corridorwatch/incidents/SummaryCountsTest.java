package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentFixtures.date;
import static org.corridorwatch.incidents.IncidentsTestSupport.group;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.Concurrently;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import org.corridorwatch.api.incidents.v1.UndeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import com.google.protobuf.FieldMask;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The summary counts SummarizeIncidents reads (migrations V7 to V9, IncidentSummaryCounts) stay exactly
 * what a full scan of the incidents gives, through every kind of write and under concurrent ones:
 * checked against the incidents themselves, counted by the test's own SQL, and through the API.
 */
@QuarkusTest
class SummaryCountsTest {

    private static final String COUNTS = "SELECT occurred_year, place_province, place_country_code, incident_type,"
            + " status, killed_best, incidents, killed, injured FROM incident_summary_counts"
            + " WHERE (incidents, killed, injured) <> (0, 0, 0) ORDER BY 1, 2, 3, 4, 5, 6";
    private static final String SCANNED = "SELECT occurred_year, place_province, place_country_code, incident_type,"
            + " status, killed_best, count(*), sum(killed_best), sum(injured_best) FROM incidents"
            + " WHERE delete_time IS NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6";
    private static final String NATIONALITY_COUNTS = "SELECT country_code, occurred_year, place_province,"
            + " place_country_code, incident_type, status, killed_best, incidents, victims_killed, victims_injured,"
            + " incidents_killed, incidents_injured FROM incident_nationality_summary_counts"
            + " WHERE (incidents, victims_killed, victims_injured, incidents_killed, incidents_injured) <> (0, 0, 0, 0, 0)"
            + " ORDER BY 1, 2, 3, 4, 5, 6, 7";
    private static final String NATIONALITY_SCANNED = "SELECT n.country_code, i.occurred_year, i.place_province,"
            + " i.place_country_code, i.incident_type, i.status, i.killed_best, count(*), sum(n.killed), sum(n.injured),"
            + " sum(i.killed_best), sum(i.injured_best) FROM incidents i JOIN incident_nationality_casualties n"
            + " ON n.incident_id = i.id WHERE i.delete_time IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7"
            + " ORDER BY 1, 2, 3, 4, 5, 6, 7";
    private static final String PAIR_COUNTS = "SELECT country_code, with_country_code, occurred_year, place_province,"
            + " place_country_code, incident_type, status, killed_best, incidents, victims_killed, victims_injured"
            + " FROM incident_nationality_pair_summary_counts"
            + " WHERE (incidents, victims_killed, victims_injured) <> (0, 0, 0) ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
    private static final String PAIR_SCANNED = "SELECT a.country_code, b.country_code, i.occurred_year,"
            + " i.place_province, i.place_country_code, i.incident_type, i.status, i.killed_best, count(*),"
            + " sum(b.killed), sum(b.injured) FROM incidents i"
            + " JOIN incident_nationality_casualties a ON a.incident_id = i.id"
            + " JOIN incident_nationality_casualties b ON b.incident_id = i.id AND b.country_code <> a.country_code"
            + " WHERE i.delete_time IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @Test
    void everyKindOfWriteKeepsTheCountsAndTheSummariesExact() throws SQLException {
        String province = "Province " + UUID.randomUUID();
        Incident dasu = create(IncidentFixtures.dasu(), province); // 2021, 13 killed (9 CN)
        Incident besham = create(IncidentFixtures.besham(), province); // 2024-03, 6 killed (5 CN, 1 PK)
        assertCountsAreTheIncidents();
        assertEquals(List.of(group("2021", 1, 13, 0), group("2024", 1, 6, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(province)).getGroupsList());

        // Each change the counts depend on: year, type, figures, status; nationalities changed,
        // added and removed.
        dasu = update(dasu.toBuilder().setOccurredDate(date(2022, 7, 15)).setKilled(CasualtyEstimate.newBuilder().setBest(14))
                .setInjured(CasualtyEstimate.newBuilder().setBest(3)).setIncidentType(IncidentType.INCIDENT_TYPE_IED)
                .setStatus(IncidentStatus.INCIDENT_STATUS_DISPUTED).clearCasualtiesByNationality()
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("PK").setKilled(4))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(10)
                        .setInjured(1))
                .build(), "occurred_date", "killed", "injured", "incident_type", "status", "casualties_by_nationality");
        besham = update(besham.toBuilder().clearCasualtiesByNationality()
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("PK").setKilled(1))
                .build(), "casualties_by_nationality");
        assertCountsAreTheIncidents();
        assertEquals(List.of(group("2022", 1, 14, 3), group("2024", 1, 6, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(province)).getGroupsList());
        assertEquals(List.of(group("CN", 1, 10, 1), group("PK", 2, 5, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY, inProvince(province)).getGroupsList());
        // Whole years and a victim nationality: answered from the counts, an incident's figures all its victims'.
        SummarizeIncidentsResponse chineseVictimsSince2022 = summarize(IncidentGrouping.INCIDENT_GROUPING_INCIDENT_TYPE,
                inProvince(province).toBuilder().setVictimNationality("CN").setOccurredAfter(date(2022, 0, 0))
                        .setOccurredBefore(date(2024, 12, 31)).build());
        assertEquals(List.of(group("INCIDENT_TYPE_IED", 1, 14, 3)), chineseVictimsSince2022.getGroupsList());
        assertEquals(group("", 1, 14, 3), chineseVictimsSince2022.getTotal());
        // A victim nationality as the filter and the grouping (the pair counts, V9): the incidents
        // with Pakistani victims, and each nationality's victims in them.
        SummarizeIncidentsResponse withPakistaniVictims = summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY,
                inProvince(province).toBuilder().setVictimNationality("PK").build());
        assertEquals(List.of(group("CN", 1, 10, 1), group("PK", 2, 5, 0)), withPakistaniVictims.getGroupsList());
        assertEquals(group("", 2, 20, 3), withPakistaniVictims.getTotal());
        assertEquals(List.of(group("CN", 1, 10, 1), group("PK", 1, 4, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY,
                        inProvince(province).toBuilder().setVictimNationality("CN").build()).getGroupsList());

        // The killed figure revised alone: the incident moves between two count rows of its group
        // (migration V8 keeps them per killed_best, for min_killed), and back.
        besham = update(besham.toBuilder().setKilled(CasualtyEstimate.newBuilder().setBest(7)).build(), "killed");
        assertCountsAreTheIncidents();
        assertEquals(List.of(group("2022", 1, 14, 3), group("2024", 1, 7, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, atLeastKilled(province, 7)).getGroupsList());
        besham = update(besham.toBuilder().setKilled(CasualtyEstimate.newBuilder().setBest(6)).build(), "killed");
        assertCountsAreTheIncidents();
        SummarizeIncidentsResponse sevenOrMore = summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR,
                atLeastKilled(province, 7));
        assertEquals(List.of(group("2022", 1, 14, 3)), sevenOrMore.getGroupsList());
        assertEquals(group("", 1, 14, 3), sevenOrMore.getTotal());
        // With a victim nationality, as the filter and as the grouping.
        assertEquals(List.of(group("2022", 1, 14, 3)), summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR,
                atLeastKilled(province, 7).toBuilder().setVictimNationality("PK").build()).getGroupsList());
        assertEquals(List.of(group("CN", 1, 10, 1), group("PK", 1, 4, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY, atLeastKilled(province, 7))
                        .getGroupsList());

        // Moved to another province, deleted, restored.
        String elsewhere = "Province " + UUID.randomUUID();
        update(besham.toBuilder().setPlace(besham.getPlace().toBuilder().setProvince(elsewhere)).build(), "place");
        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(dasu.getName()).build());
        assertCountsAreTheIncidents();
        assertEquals(group("", 0, 0, 0), summarize(IncidentGrouping.INCIDENT_GROUPING_PROVINCE, inProvince(province))
                .getTotal());
        assertEquals(List.of(group(elsewhere, 1, 6, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_PROVINCE, inProvince(elsewhere)).getGroupsList());
        incidents.undeleteIncident(UndeleteIncidentRequest.newBuilder().setName(dasu.getName()).build());
        assertCountsAreTheIncidents();
        assertEquals(List.of(group("INCIDENT_TYPE_IED", 1, 14, 3)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_INCIDENT_TYPE, inProvince(province)).getGroupsList());

        // By hand, as an operator might: a nationality row moved to another incident, then an
        // incident removed outright (its nationality rows go by ON DELETE CASCADE).
        String dasuId = dasu.getName().substring("incidents/".length());
        String beshamId = besham.getName().substring("incidents/".length());
        // Statements writing several nationality rows of one incident: each row pairs with the others.
        assertEquals(2, execute("UPDATE incident_nationality_casualties SET killed = killed + 1 WHERE incident_id = ?",
                dasuId));
        assertCountsAreTheIncidents();
        assertEquals(2, execute("DELETE FROM incident_nationality_casualties WHERE incident_id = ?", dasuId));
        assertCountsAreTheIncidents();
        assertEquals(2, execute("INSERT INTO incident_nationality_casualties (incident_id, position, country_code,"
                + " killed, injured) VALUES (?, 0, 'PK', 4, 0), (?, 1, 'CN', 10, 1)", dasuId, dasuId));
        assertCountsAreTheIncidents();
        assertEquals(1, execute("UPDATE incident_nationality_casualties SET incident_id = ?, position = 2"
                + " WHERE incident_id = ? AND country_code = 'CN'", beshamId, dasuId));
        assertCountsAreTheIncidents();
        assertEquals(1, execute("DELETE FROM incidents WHERE id = ?", beshamId));
        assertEquals(0, execute("DELETE FROM incidents WHERE id = ?", beshamId), "deleted the first time");
        assertCountsAreTheIncidents();
        assertEquals(group("", 0, 0, 0), summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(elsewhere))
                .getTotal());
    }

    /**
     * The summaries the counts can answer are read from them (tampered by hand, they answer the
     * tampered figures: the scan would not), and the rebuild makes them the incidents' again.
     */
    @Test
    void summariesReadTheCountsAndTheRebuildMakesThemAnew() throws SQLException {
        String province = "Province " + UUID.randomUUID();
        create(IncidentFixtures.besham(), province); // 2024-03, 6 killed (5 CN, 1 PK)
        IncidentFilter chineseVictims = inProvince(province).toBuilder().setVictimNationality("CN").build();
        assertEquals(List.of(group("CN", 1, 5, 0), group("PK", 1, 1, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY, chineseVictims).getGroupsList());

        assertEquals(1, execute("UPDATE incident_summary_counts SET killed = killed + 100 WHERE place_province = ?",
                province));
        assertEquals(1, execute("UPDATE incident_nationality_pair_summary_counts SET victims_killed = victims_killed"
                + " + 100 WHERE place_province = ? AND country_code = 'CN'", province));
        assertEquals(group("", 1, 106, 0), summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(province))
                .getTotal());
        assertEquals(List.of(group("CN", 1, 5, 0), group("PK", 1, 101, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY, chineseVictims).getGroupsList());

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT incident_summary_counts_rebuild()");
        }
        assertCountsAreTheIncidents();
        assertEquals(group("", 1, 6, 0), summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(province))
                .getTotal());
        assertEquals(List.of(group("CN", 1, 5, 0), group("PK", 1, 1, 0)),
                summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY, chineseVictims).getGroupsList());
    }

    private int execute(String statement, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setString(i + 1, parameters[i]);
            }
            return prepared.executeUpdate();
        }
    }

    /**
     * Writers in the same groups at once, listing the same nationalities in both orders, moving
     * incidents between two groups both ways: every write succeeds (no deadlock between the
     * counts' row locks) and the counts are the incidents' afterwards.
     */
    @Test
    void concurrentWritersKeepTheCountsExact() throws Exception {
        String[] provinces = { "Province " + UUID.randomUUID(), "Province " + UUID.randomUUID() };
        Concurrently.run(6, 120, w -> {
            for (int round = 0; round < 8; round++) {
                boolean chineseFirst = (w + round) % 2 == 0;
                // Killed figures differing between writers: their incidents fall in different count
                // rows of one group (V8 keeps them per killed_best) and share nationality rows.
                Incident incident = create(IncidentFixtures.besham().toBuilder()
                        .setKilled(CasualtyEstimate.newBuilder().setBest(6 + w % 3)).clearCasualtiesByNationality()
                        .addCasualtiesByNationality(victims(chineseFirst ? "CN" : "PK", 2))
                        .addCasualtiesByNationality(victims(chineseFirst ? "PK" : "CN", 3)).build(),
                        provinces[w % 2]);
                update(incident.toBuilder().setPlace(incident.getPlace().toBuilder()
                        .setProvince(provinces[(w + 1) % 2])).build(), "place");
                if (round % 3 == 0) {
                    incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(incident.getName())
                            .build());
                }
            }
        });
        assertCountsAreTheIncidents();
        // Each writer's 8 incidents, 3 of them deleted, end in the province it did not create them in:
        // 3 writers x 5 in each, 6, 7 and 8 killed each (2 and 3 of them Chinese and Pakistani, in
        // either order).
        for (String province : provinces) {
            SummarizeIncidentsResponse byYear = summarize(IncidentGrouping.INCIDENT_GROUPING_YEAR, inProvince(province));
            assertEquals(List.of(group("2024", 15, 105, 0)), byYear.getGroupsList());
            assertEquals(group("", 15, 105, 0), byYear.getTotal());
            List<IncidentGroupSummary> byNationality = summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY,
                    inProvince(province)).getGroupsList();
            assertEquals(List.of("CN", "PK"), byNationality.stream().map(IncidentGroupSummary::getKey).toList());
            assertEquals(List.of(15L, 15L), byNationality.stream().map(IncidentGroupSummary::getIncidentCount).toList());
            assertEquals(75, byNationality.stream().mapToLong(IncidentGroupSummary::getKilled).sum());
            assertEquals(byNationality, summarize(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY,
                    inProvince(province).toBuilder().setVictimNationality("CN").build()).getGroupsList(),
                    "every incident lists both");
        }
    }

    private void assertCountsAreTheIncidents() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertEquals(rows(statement, SCANNED), rows(statement, COUNTS));
            assertEquals(rows(statement, NATIONALITY_SCANNED), rows(statement, NATIONALITY_COUNTS));
            assertEquals(rows(statement, PAIR_SCANNED), rows(statement, PAIR_COUNTS));
        }
    }

    private static List<List<String>> rows(Statement statement, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static NationalityCasualties victims(String countryCode, int killed) {
        return NationalityCasualties.newBuilder().setCountryCode(countryCode).setKilled(killed).build();
    }

    private static IncidentFilter inProvince(String province) {
        return IncidentFilter.newBuilder().setProvince(province).build();
    }

    private static IncidentFilter atLeastKilled(String province, int killed) {
        return inProvince(province).toBuilder().setMinKilled(killed).build();
    }

    private Incident create(Incident incident, String province) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(incident.toBuilder()
                .setPlace(incident.getPlace().toBuilder().setProvince(province))).build());
    }

    private Incident update(Incident incident, String... paths) {
        return incidents.updateIncident(UpdateIncidentRequest.newBuilder().setIncident(incident)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    private SummarizeIncidentsResponse summarize(IncidentGrouping grouping, IncidentFilter filter) {
        return IncidentsTestSupport.summarize(incidents, grouping, filter);
    }
}
