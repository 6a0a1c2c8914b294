package org.corridorwatch.incidents;

import java.util.List;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.testing.StandardUpdateCases;

import com.google.protobuf.FieldMask;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The standard Update's order of checks and its no-op rule (StandardUpdateCases), for incidents. */
@QuarkusTest
class UpdateNoOpAndCheckOrderTest extends StandardUpdateCases<Incident> {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Override
    protected Incident create() {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu()).build());
    }

    @Override
    protected Incident get(String name) {
        return incidents.getIncident(GetIncidentRequest.newBuilder().setName(name).build());
    }

    @Override
    protected Incident update(Incident patch, String... paths) {
        return incidents.updateIncident(UpdateIncidentRequest.newBuilder().setIncident(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    @Override
    protected String[] settableFields() {
        return new String[] { "title", "summary", "place" };
    }

    @Override
    protected String textField() {
        return "title";
    }
}
