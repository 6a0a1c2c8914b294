package org.corridorwatch.diplomacy;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.testing.FeedCases;

import com.google.protobuf.Message;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The change feed: ListChanges and Watch, its guarantee under out-of-order commits and under load (test-support's FeedCases). */
@QuarkusTest
class StatementFeedTest extends FeedCases<Statement> {

    @GrpcClient("diplomacy")
    Channel channel;

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
    protected Statement newResource() {
        return StatementFixtures.tararCooperation();
    }

    @Override
    protected Statement completeResource() {
        // Its references made known to the fake services.
        return StatementFixtures.complete().toBuilder().clearIncidents().addIncidents(StatementFixtures.marker())
                .clearDeals().addDeals(StatementFixtures.existingDeal()).build();
    }

    @Override
    protected String textField() {
        return "summary";
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    /** Pakistan's statements (Tarar's, not Xi's). */
    @Override
    protected Message filter() {
        return StatementFilter.newBuilder().setCountryCode("PK").build();
    }

    @Override
    protected Statement notSelected() {
        return StatementFixtures.xiPressedSharif();
    }

    @Override
    protected String filteredField() {
        return "country_code";
    }

    @Override
    protected Message invalidFilter() {
        return StatementFilter.newBuilder().setCountryCode("PAK").build();
    }
}
