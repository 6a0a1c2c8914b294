package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.function.Executable;

import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
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
}
