package org.corridorwatch.incidents;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.ImportIncidentsRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.UndeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.testing.AccessMatrixTest;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Every IncidentService RPC against every kind of token (test-support's AccessMatrixTest). */
@QuarkusTest
class IncidentAccessTest extends AccessMatrixTest {

    @GrpcClient("incidents")
    Channel channel;

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

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
    protected Message request(MethodDescriptor<?, ?> method) {
        return switch (method.getBareMethodName()) {
            case "CreateIncident" -> CreateIncidentRequest.newBuilder().setIncidentId("access-" + UUID.randomUUID())
                    .setIncident(IncidentFixtures.dasu()).build();
            case "ImportIncidents" -> ImportIncidentsRequest.newBuilder().addRecords(CreateIncidentRequest.newBuilder().setIncidentId("access-" + UUID.randomUUID())
                    .setIncident(IncidentFixtures.dasu()))
                    .build();
            case "UpdateIncident" -> UpdateIncidentRequest.newBuilder()
                    .setIncident(existing().toBuilder().setTitle("Retitled by the access test"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build();
            case "DeleteIncident" -> DeleteIncidentRequest.newBuilder().setName(existing().getName()).build();
            case "UndeleteIncident" -> UndeleteIncidentRequest.newBuilder().setName(deleted().getName()).build();
            default -> prototype(method);
        };
    }

    /** A incident created and deleted with the default (admin) token. */
    private Incident deleted() {
        Incident incident = existing();
        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(incident.getName()).build());
        return incident;
    }

    /** A new incident, created with the default (admin) token. */
    private Incident existing() {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu()).build());
    }

    @Override
    protected Object snapshot() throws SQLException {
        return queryValue(dataSource, "SELECT count(*) || ' ' || coalesce(max(update_time)::text, '')"
                + " || ' ' || (SELECT count(*) FROM revisions) FROM incidents");
    }
}
