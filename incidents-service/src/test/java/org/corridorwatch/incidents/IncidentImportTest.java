package org.corridorwatch.incidents;

import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.testing.ImportCases;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** ImportIncidents: dry runs, mixed records, retries, upserts, roles and limits (test-support's ImportCases). */
@QuarkusTest
class IncidentImportTest extends ImportCases<Incident> {

    @GrpcClient("incidents")
    Channel channel;

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
}
