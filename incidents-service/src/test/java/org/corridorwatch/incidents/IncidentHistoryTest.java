package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentGroupSummary;
import org.corridorwatch.api.incidents.v1.IncidentGrouping;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.ListIncidentRevisionsRequest;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.testing.HistoryCases;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

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

    /**
     * A published figure reproduced: the summary as of a time counts the incidents, their tolls and
     * their victims' nationalities as they stood then, after the incident was revised and deleted.
     */
    @Test
    void aSummaryAsOfATimeCountsTheIncidentsAsTheyStoodThen() {
        Timestamp beforeCreate = now();
        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.dasu()).build());
        Timestamp afterCreate = now();
        incidents.updateIncident(UpdateIncidentRequest.newBuilder()
                .setIncident(Incident.newBuilder().setName(created.getName())
                        .setKilled(CasualtyEstimate.newBuilder().setBest(20))
                        .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(11)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("killed").addPaths("casualties_by_nationality"))
                .setReason("death toll revised").build());
        Timestamp afterUpdate = now();
        incidents.deleteIncident(DeleteIncidentRequest.newBuilder().setName(created.getName()).build());

        IncidentGroupSummary before = chinese(beforeCreate);
        IncidentGroupSummary asCreated = chinese(afterCreate);
        IncidentGroupSummary asRevised = chinese(afterUpdate);
        assertEquals(before.getIncidentCount() + 1, asCreated.getIncidentCount());
        assertEquals(before.getKilled() + 9, asCreated.getKilled());
        assertEquals(before.getIncidentCount() + 1, asRevised.getIncidentCount());
        assertEquals(before.getKilled() + 11, asRevised.getKilled());
        assertEquals(before, chinese(null)); // deleted now
        SummarizeIncidentsResponse total = incidents.summarizeIncidents(SummarizeIncidentsRequest.newBuilder()
                .setGroupBy(IncidentGrouping.INCIDENT_GROUPING_PROVINCE).setReadTime(afterUpdate).build());
        assertEquals(incidents.summarizeIncidents(SummarizeIncidentsRequest.newBuilder()
                .setGroupBy(IncidentGrouping.INCIDENT_GROUPING_PROVINCE).build()).getTotal().getKilled() + 20,
                total.getTotal().getKilled());
    }

    /** The Chinese victims' group of a summary by nationality, as of {@code readTime} (null: now). */
    private IncidentGroupSummary chinese(Timestamp readTime) {
        SummarizeIncidentsRequest.Builder request = SummarizeIncidentsRequest.newBuilder()
                .setGroupBy(IncidentGrouping.INCIDENT_GROUPING_VICTIM_NATIONALITY);
        if (readTime != null) {
            request.setReadTime(readTime);
        }
        return incidents.summarizeIncidents(request.build()).getGroupsList().stream()
                .filter(group -> group.getKey().equals("CN")).findFirst()
                .orElse(IncidentGroupSummary.newBuilder().setKey("CN").build());
    }
}
