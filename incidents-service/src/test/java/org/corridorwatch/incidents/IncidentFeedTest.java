package org.corridorwatch.incidents;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentFilter;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.testing.FeedCases;

import com.google.protobuf.Message;

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
    protected Incident completeResource() {
        return IncidentFixtures.complete().toBuilder().setAffectedDeal(IncidentFixtures.uniqueDeal()).build();
    }

    @Override
    protected String textField() {
        return "title";
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    /** incidents in Khyber Pakhtunkhwa (Dasu, not the Karachi airport). */
    @Override
    protected Message filter() {
        return IncidentFilter.newBuilder().setProvince("Khyber Pakhtunkhwa").build();
    }

    @Override
    protected Incident notSelected() {
        return IncidentFixtures.karachiAirport();
    }

    @Override
    protected String filteredField() {
        return "place";
    }

    @Override
    protected Message invalidFilter() {
        return IncidentFilter.newBuilder().setCountryCode("PAK").build();
    }
}
