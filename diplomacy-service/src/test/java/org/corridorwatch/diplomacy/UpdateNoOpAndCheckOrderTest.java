package org.corridorwatch.diplomacy;

import java.util.List;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import org.corridorwatch.testing.StandardUpdateCases;

import com.google.protobuf.FieldMask;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The standard Update's order of checks and its no-op rule (StandardUpdateCases), for statements. */
@QuarkusTest
class UpdateNoOpAndCheckOrderTest extends StandardUpdateCases<Statement> {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Override
    protected Statement create() {
        return statements.createStatement(CreateStatementRequest.newBuilder().setStatement(StatementFixtures.tararConcern()).build());
    }

    @Override
    protected Statement get(String name) {
        return statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
    }

    @Override
    protected Statement update(Statement patch, String... paths) {
        return statements.updateStatement(UpdateStatementRequest.newBuilder().setStatement(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    @Override
    protected String[] settableFields() {
        return new String[] { "speaker", "text", "topics", "deals" };
    }

    @Override
    protected String textField() {
        return "speaker_role";
    }
}
