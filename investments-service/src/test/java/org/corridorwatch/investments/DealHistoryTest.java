package org.corridorwatch.investments;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.testing.HistoryCases;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Revisions, as-of reads, soft deletes and Undelete (test-support's HistoryCases), for deals. */
@QuarkusTest
class DealHistoryTest extends HistoryCases<Deal> {

    @GrpcClient("investments")
    Channel channel;

    @Inject
    DataSource dataSource;

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

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
