package org.corridorwatch.diplomacy;

import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.testing.ImportCases;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** ImportStatements: dry runs, mixed records, retries, upserts, roles and limits (test-support's ImportCases). */
@QuarkusTest
class StatementImportTest extends ImportCases<Statement> {

    @GrpcClient("diplomacy")
    Channel channel;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return StatementServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Statement newResource() {
        return StatementFixtures.tararCooperation();
    }

    @Override
    protected String textField() {
        return "summary";
    }
}
