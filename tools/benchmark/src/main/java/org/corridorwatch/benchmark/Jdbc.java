package org.corridorwatch.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The plain JDBC program the services are measured against: the same answers with the fewest
 * statements. A record and its collections come in one statement (each collection as a JSON array
 * in a correlated subquery), every column is read, nothing is mapped further.
 */
final class Jdbc {

    /** The collections of each resource table, by the database that holds it. */
    private static final Map<String, List<String>> COLLECTIONS = Map.of(
            "incidents", List.of("incident_nationality_casualties", "incident_perpetrators", "incident_sources"),
            "deals", List.of("deal_parties", "deal_amounts", "deal_sources"),
            "statements", List.of("statement_topics", "statement_incidents", "statement_deals", "statement_sources"));
    private static final Map<String, String> DATABASE_OF = Map.of("incidents", "incidents", "deals", "investments",
            "statements", "diplomacy");

    private Jdbc() {
    }

    /** SELECT of one record by id, with its collections: the row's own columns, not search_vector. */
    static String getSql(String table, BenchDatabase database) throws SQLException {
        return recordSelect(table, database) + " WHERE r.id = ?";
    }

    /** The first ListIncidents page of 100 in the default order, with the collections. */
    static String firstPageSql(BenchDatabase database) throws SQLException {
        return recordSelect("incidents", database) + " ORDER BY r.occurred_start DESC, r.id DESC LIMIT 100";
    }

    private static String recordSelect(String table, BenchDatabase database) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = database.connect(DATABASE_OF.get(table));
                PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = ? AND column_name <> 'search_vector' ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add("r." + rs.getString(1));
                }
            }
        }
        String key = table.substring(0, table.length() - 1) + "_id";
        for (String collection : COLLECTIONS.get(table)) {
            columns.add("(SELECT json_agg(c ORDER BY c.position) FROM " + collection + " c WHERE c." + key + " = r.id)");
        }
        return "SELECT " + String.join(", ", columns) + " FROM " + table + " r";
    }

    /** Reads every column of every row. */
    static int consume(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        int rows = 0;
        int bytes = 0;
        while (rs.next()) {
            rows++;
            for (int i = 1; i <= columns; i++) {
                String value = rs.getString(i);
                bytes += value == null ? 0 : value.length();
            }
        }
        rs.close();
        if (rows == 0) {
            throw new IllegalStateException("no rows");
        }
        return bytes;
    }

    /** The rows CreateIncident writes for Benchmark.newIncident(), inserted and committed. */
    static void insertIncident(Connection c, String id) throws SQLException {
        try {
            insertIncidentRows(c, id);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * The same rows and, in the same transaction, the revision CreateIncident appends (issue 14):
     * the incident's protobuf bytes and its changed fields, numbered by the revision clock's row
     * lock, which the transaction holds until it commits. Against {@link #insertIncident} this is
     * what keeping history costs the database.
     */
    static void insertIncidentWithRevision(Connection c, String id) throws SQLException {
        try {
            insertIncidentRows(c, id);
            appendRevision(c, id, "CREATED", REVISION_RESOURCE, "{title,summary,occurred_date,place,incident_type,"
                    + "target_type,killed,injured,casualties_by_nationality,perpetrators,status,sources}");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** UpdateIncident's statements for a changed title, without ({@code revision} false) or with its revision. */
    static void updateIncidentTitle(Connection c, String id, String title, boolean revision) throws SQLException {
        try {
            try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET title = ?, update_time = now(),"
                    + " version = version + 1 WHERE id = ?")) {
                ps.setString(1, title);
                ps.setString(2, id);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("no incident " + id);
                }
            }
            if (revision) {
                appendRevision(c, id, "UPDATED", REVISION_RESOURCE, "{title}");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static final byte[] REVISION_RESOURCE = Benchmark.newIncident().toByteArray();

    private static void appendRevision(Connection c, String id, String kind, byte[] resource, String fields)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revisions (resource_id, change_kind, resource,"
                + " changed_fields, author_issuer, author_subject, author_name, reason, request_id)"
                + " VALUES (?, ?, ?, CAST(? AS text[]), 'https://bench.corridorwatch.org', 'bench', 'Bench', NULL, ?)")) {
            ps.setString(1, id);
            ps.setString(2, kind);
            ps.setBytes(3, resource);
            ps.setString(4, fields);
            ps.setObject(5, UUID.randomUUID());
            ps.executeUpdate();
        }
    }

    private static void insertIncidentRows(Connection c, String id) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (id, title, summary, occurred_year,"
                + " occurred_month, occurred_day, occurred_start, occurred_end, place_name, place_district,"
                + " place_province, place_country_code, latitude, longitude, place_precision, incident_type,"
                + " target_type, killed_low, killed_best, killed_high, injured_low, injured_best, injured_high,"
                + " affected_deal, status, create_request_id, create_time, update_time, version)"
                + " VALUES (?, ?, ?, 2024, 10, 6, ?, ?, 'Karachi airport', '', 'Sindh', 'PK', NULL, NULL,"
                + " 'PLACE_PRECISION_NEAR_TOWN', 'INCIDENT_TYPE_SUICIDE_BOMBING', 'TARGET_TYPE_WORKERS', 2, 2, 2, 8, 10,"
                + " 12, '', 'INCIDENT_STATUS_CONFIRMED', ?, ?, ?, 0)")) {
            ps.setString(1, id);
            ps.setString(2, "Suicide bombing outside Karachi airport");
            ps.setString(3, "Attackers targeted a convoy carrying engineers near Karachi airport.");
            ps.setObject(4, LocalDate.of(2024, 10, 6));
            ps.setObject(5, LocalDate.of(2024, 10, 6));
            ps.setObject(6, UUID.randomUUID());
            ps.setTimestamp(7, now);
            ps.setTimestamp(8, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_nationality_casualties"
                + " (incident_id, position, country_code, killed, injured) VALUES (?, 0, 'CN', 2, 0)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_perpetrators"
                + " (incident_id, position, actor, kind, attributed_by) VALUES (?, 0, 'Balochistan Liberation Army',"
                + " 'ATTRIBUTION_KIND_CLAIMED', '')")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_sources (incident_id, position, outlet,"
                + " url, title, published_year, published_month, published_day, excerpt) VALUES (?, 0, 'Dawn',"
                + " 'https://news.example.org/karachi', '', 2024, 11, 13, 'Last month''s bombing near Karachi airport')")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}
