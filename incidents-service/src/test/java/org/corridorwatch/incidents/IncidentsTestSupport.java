package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.Timestamp;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What several incident tests check. */
final class IncidentsTestSupport {

    private IncidentsTestSupport() {
    }

    /** Runs the call, expecting it to fail with the code; returns the error for further checks. */
    static StatusRuntimeException assertFails(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status was " + e.getStatus());
        return e;
    }

    /** Incidents stored and not deleted, read straight from PostgreSQL: proves what was (not) written. */
    static long incidentRows(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM incidents WHERE delete_time IS NULL");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** SummarizeIncidents of the incidents the filter selects, grouped so. */
    static SummarizeIncidentsResponse summarize(IncidentServiceBlockingStub incidents, IncidentGrouping grouping,
            IncidentFilter filter) {
        return incidents.summarizeIncidents(SummarizeIncidentsRequest.newBuilder().setFilter(filter)
                .setGroupBy(grouping).build());
    }

    /** The figures a summary group (or, with key "", the total) should have. */
    static IncidentGroupSummary group(String key, long count, long killed, long injured) {
        return IncidentGroupSummary.newBuilder().setKey(key).setIncidentCount(count).setKilled(killed)
                .setInjured(injured).build();
    }

    /** The incident created with {@code deal} as its affected deal, under a new id. */
    static Incident create(IncidentServiceBlockingStub incidents, Incident incident, String deal) {
        return incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(incident.toBuilder().setAffectedDeal(deal)).setIncidentId("i-" + UUID.randomUUID()).build());
    }

    /**
     * Every incident the filter selects, page by page ({@code readTime} null: as they are now),
     * each page no larger than asked.
     */
    static List<Incident> pageThrough(IncidentServiceBlockingStub incidents, IncidentFilter filter, String orderBy,
            int pageSize, Timestamp readTime) {
        List<Incident> all = new ArrayList<>();
        ListIncidentsRequest.Builder request = ListIncidentsRequest.newBuilder().setFilter(filter).setOrderBy(orderBy)
                .setPageSize(pageSize);
        if (readTime != null) {
            request.setReadTime(readTime);
        }
        while (true) {
            ListIncidentsResponse page = incidents.listIncidents(request.build());
            assertTrue(page.getIncidentsCount() <= pageSize);
            all.addAll(page.getIncidentsList());
            if (page.getNextPageToken().isEmpty()) {
                return all;
            }
            request.setPageToken(page.getNextPageToken());
        }
    }

    static List<String> names(List<Incident> list) {
        return list.stream().map(Incident::getName).toList();
    }

    static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }
}
