package org.corridorwatch.diplomacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.function.Executable;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What several statement tests do and check. */
final class DiplomacyTestSupport {

    private DiplomacyTestSupport() {
    }

    /** Runs the call, expecting it to fail with the code; returns the error for further checks. */
    static StatusRuntimeException assertFails(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status was " + e.getStatus());
        return e;
    }

    /** Rows in the statements table, read straight from PostgreSQL: proves what was (not) written. */
    static long statementRows(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM statements WHERE delete_time IS NULL");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records the statement, made to refer to the test's marker incident. */
    static Statement create(StatementServiceBlockingStub statements, Statement statement, String marker) {
        return statements.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(statement.toBuilder().addIncidents(marker)).build());
    }
}
