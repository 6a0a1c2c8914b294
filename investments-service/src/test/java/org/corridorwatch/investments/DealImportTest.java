package org.corridorwatch.investments;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.testing.ImportCases;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** ImportDeals: dry runs, mixed records, retries, upserts, roles and limits (test-support's ImportCases). */
@QuarkusTest
class DealImportTest extends ImportCases<Deal> {

    @GrpcClient("investments")
    Channel channel;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return DealServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Deal newResource() {
        return DealFixtures.ml1();
    }

    @Override
    protected String textField() {
        return "title";
    }
}
