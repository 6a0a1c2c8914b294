package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.DiplomacyTestSupport.statementRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.ResourceInfo;

import org.corridorwatch.api.diplomacy.v1.BatchGetStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.DeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GetDeleteBatchGetStatementTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Inject
    DataSource dataSource;

    private Statement create(Statement statement) {
        return statements.createStatement(CreateStatementRequest.newBuilder().setStatement(statement).build());
    }

    private Statement get(String name) {
        return statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
    }

    @Test
    void getRefusesMalformedNamesAndReportsMissingOnes() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> get("statement/x"));
        assertEquals(Set.of("name"), GrpcErrors.violatedFields(e));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> get(""));
        assertEquals(Set.of("name"), GrpcErrors.violatedFields(e));

        e = assertFails(Status.Code.NOT_FOUND, () -> get("statements/never-said"));
        assertEquals("RESOURCE_NOT_FOUND", GrpcErrors.errorInfo(e).getReason());
        ResourceInfo info = GrpcErrors.detail(e, ResourceInfo.class);
        assertEquals("corridorwatch.org/Statement", info.getResourceType());
        assertEquals("statements/never-said", info.getResourceName());
    }

    @Test
    void deletesWithAndWithoutEtag() throws Exception {
        Statement first = create(StatementFixtures.chinaCounterterrorism());
        Statement second = create(StatementFixtures.chinaToReuters());
        long rows = statementRows(dataSource);

        statements.deleteStatement(DeleteStatementRequest.newBuilder().setName(first.getName()).build());
        statements.deleteStatement(DeleteStatementRequest.newBuilder().setName(second.getName())
                .setEtag(second.getEtag()).build());

        assertEquals(rows - 2, statementRows(dataSource));
        assertFails(Status.Code.NOT_FOUND, () -> get(first.getName()));
        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> statements.deleteStatement(
                DeleteStatementRequest.newBuilder().setName(first.getName()).build()));
        assertEquals(first.getName(), GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    @Test
    void deleteWithAStaleEtagIsAbortedAndKeepsTheStatement() throws Exception {
        Statement created = create(StatementFixtures.beijingProposal());
        long rows = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.ABORTED, () -> statements.deleteStatement(
                DeleteStatementRequest.newBuilder().setName(created.getName()).setEtag("stale-0").build()));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals(rows, statementRows(dataSource));
        assertEquals(created, get(created.getName()));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.deleteStatement(
                DeleteStatementRequest.newBuilder().setName("statements/Not_An_Id").build()));
        assertEquals(Set.of("name"), GrpcErrors.violatedFields(e));
    }

    @Test
    void batchGetAnswersInTheOrderAskedWithRepeats() {
        Statement a = create(StatementFixtures.interiorJointStrategy());
        Statement b = create(StatementFixtures.isprDeclined());

        List<Statement> got = statements.batchGetStatements(BatchGetStatementsRequest.newBuilder()
                .addNames(b.getName()).addNames(a.getName()).addNames(b.getName()).build()).getStatementsList();

        assertEquals(List.of(b, a, b), got);
    }

    @Test
    void batchGetNamesTheFirstMissingStatement() {
        Statement a = create(StatementFixtures.interiorJointStrategy());

        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> statements.batchGetStatements(
                BatchGetStatementsRequest.newBuilder().addNames(a.getName()).addNames("statements/gone-1")
                        .addNames("statements/gone-2").build()));

        assertEquals("statements/gone-1", GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    @Test
    void batchGetRefusesNoNamesTooManyAndMalformedOnes() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.batchGetStatements(BatchGetStatementsRequest.getDefaultInstance()));
        assertEquals(Set.of("names"), GrpcErrors.violatedFields(e));

        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.batchGetStatements(
                BatchGetStatementsRequest.newBuilder().addNames("statements/ok").addNames("deals/ml-1").build()));
        assertEquals(Set.of("names[1]"), GrpcErrors.violatedFields(e));

        BatchGetStatementsRequest.Builder tooMany = BatchGetStatementsRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.addNames("statements/s-" + i);
        }
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.batchGetStatements(tooMany.build()));
        assertEquals(Set.of("names"), GrpcErrors.violatedFields(e));
    }
}
