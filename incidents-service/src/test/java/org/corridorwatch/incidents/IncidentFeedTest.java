package org.corridorwatch.incidents;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.testing.FeedCases;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The change feed: ListChanges and Watch, its guarantee under out-of-order commits and under load (test-support's FeedCases). */
@QuarkusTest
class IncidentFeedTest extends FeedCases<Incident> {

    @GrpcClient("incidents")
    Channel channel;

    @Inject
    DataSource dataSource;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return IncidentServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Incident newResource() {
        return IncidentFixtures.dasu();
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
