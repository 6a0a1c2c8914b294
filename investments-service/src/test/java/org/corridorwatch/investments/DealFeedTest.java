package org.corridorwatch.investments;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.testing.FeedCases;

import com.google.protobuf.Message;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The change feed: ListChanges and Watch, its guarantee under out-of-order commits and under load (test-support's FeedCases). */
@QuarkusTest
class DealFeedTest extends FeedCases<Deal> {

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
    protected Deal completeResource() {
        return DealFixtures.complete();
    }

    @Override
    protected String textField() {
        return "title";
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    /** financing agreements (ML-1, not the minerals MoU). */
    @Override
    protected Message filter() {
        return DealFilter.newBuilder().addKinds(DealKind.DEAL_KIND_FINANCING_AGREEMENT).build();
    }

    @Override
    protected Deal notSelected() {
        return DealFixtures.mineralsMou();
    }

    @Override
    protected String filteredField() {
        return "kind";
    }

    @Override
    protected Message invalidFilter() {
        return DealFilter.newBuilder().setCounterpartCountry("USA").build();
    }
}
