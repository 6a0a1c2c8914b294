package org.corridorwatch.diplomacy;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ImportStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.DeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.UndeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import org.corridorwatch.testing.AccessMatrixTest;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Every StatementService RPC against every kind of token (test-support's AccessMatrixTest). */
@QuarkusTest
class StatementAccessTest extends AccessMatrixTest {

    @GrpcClient("diplomacy")
    Channel channel;

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Inject
    DataSource dataSource;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return StatementServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Message request(MethodDescriptor<?, ?> method) {
        return switch (method.getBareMethodName()) {
            case "CreateStatement" -> CreateStatementRequest.newBuilder().setStatementId("access-" + UUID.randomUUID())
                    .setStatement(StatementFixtures.tararCooperation()).build();
            case "ImportStatements" -> ImportStatementsRequest.newBuilder().addRecords(CreateStatementRequest.newBuilder().setStatementId("access-" + UUID.randomUUID())
                    .setStatement(StatementFixtures.tararCooperation()))
                    .build();
            case "UpdateStatement" -> UpdateStatementRequest.newBuilder()
                    .setStatement(existing().toBuilder().setSummary("Summarised again by the access test"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("summary")).build();
            case "DeleteStatement" -> DeleteStatementRequest.newBuilder().setName(existing().getName()).build();
            case "UndeleteStatement" -> UndeleteStatementRequest.newBuilder().setName(deleted().getName()).build();
            default -> prototype(method);
        };
    }

    /** A statement created and deleted with the default (admin) token. */
    private Statement deleted() {
        Statement statement = existing();
        statements.deleteStatement(DeleteStatementRequest.newBuilder().setName(statement.getName()).build());
        return statement;
    }

    /** A new statement, created with the default (admin) token. */
    private Statement existing() {
        return statements.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(StatementFixtures.tararCooperation()).build());
    }

    @Override
    protected Object snapshot() throws SQLException {
        return queryValue(dataSource, "SELECT count(*) || ' ' || coalesce(max(update_time)::text, '')"
                + " || ' ' || (SELECT count(*) FROM revisions) FROM statements");
    }
}
