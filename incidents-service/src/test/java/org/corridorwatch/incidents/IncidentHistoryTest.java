package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.ListIncidentRevisionsRequest;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.testing.HistoryCases;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Revisions, as-of reads, soft deletes and Undelete (test-support's HistoryCases), for incidents. */
@QuarkusTest
class IncidentHistoryTest extends HistoryCases<Incident> {

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

    @GrpcClient("incidents")
    IncidentServiceGrpc.IncidentServiceBlockingStub incidents;

    /**
     * A single casualty figure is stored as low = best = high: an update that sends the stored
     * estimate as that single figure differs in the request, not once stored, so it writes nothing.
     */
    @Test
    void anUpdateEqualToTheStoredRecordOnceNormalisedAddsNoRevisionAndKeepsTheEtag() {
        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.dasu()).build());
        assertEquals(CasualtyEstimate.newBuilder().setLow(13).setBest(13).setHigh(13).build(), created.getKilled());

        Incident answered = incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(created.getName())
                        .setKilled(CasualtyEstimate.newBuilder().setBest(13)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("killed")).setReason("same toll").build());

        assertEquals(created, answered);
        assertEquals(1, incidents.listIncidentRevisions(ListIncidentRevisionsRequest.newBuilder()
                .setName(created.getName()).build()).getRevisionsCount());
    }
}
