package org.corridorwatch.incidents;

import static org.corridorwatch.incidents.IncidentsTestSupport.assertFails;
import static org.corridorwatch.incidents.IncidentsTestSupport.incidentRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Control and bidi characters, which would let a record rewrite an analyst's terminal, are refused. */
@QuarkusTest
class TextCharactersTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Inject
    DataSource dataSource;

    @Test
    void refusesAnEscapeSequenceInTheTitleAndWritesNothing() throws Exception {
        // Sets the terminal's window title, then clears the screen.
        Incident bad = IncidentFixtures.dasu().toBuilder()
                .setTitle("Bus bombing near Dasu\u001b]0;all clear\u0007\u001b[2J").build();
        long rowsBefore = incidentRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(bad).build()));

        assertEquals(List.of(FieldViolation.newBuilder().setField("incident.title")
                .setDescription("must not contain control characters (found U+001B at offset 21)").build()),
                GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList());
        assertEquals(rowsBefore, incidentRows(dataSource));
    }

    @Test
    void namesEveryFieldWithARefusedCharacter() throws Exception {
        Incident dasu = IncidentFixtures.dasu();
        Incident bad = dasu.toBuilder()
                .setTitle("Bus bombing\nnear Dasu")
                .setSummary("Thirteen killed.\u001b[8m hidden")
                .setPlace(dasu.getPlace().toBuilder().setName("Dasu\u202e").setDistrict("Upper\tKohistan"))
                .addPerpetrators(PerpetratorAttribution.newBuilder().setActor("unknown\u0007")
                        .setKind(org.corridorwatch.api.incidents.v1.AttributionKind.ATTRIBUTION_KIND_SUSPECTED))
                .setSources(0, dasu.getSources(0).toBuilder().setOutlet("Dawn\u007f")
                        .setExcerpt("Last month's bombing\rnear Karachi airport"))
                .build();
        long rowsBefore = incidentRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(bad).build()));

        assertEquals(Set.of("incident.title", "incident.summary", "incident.place.name", "incident.place.district",
                "incident.perpetrators[0].actor", "incident.sources[0].outlet", "incident.sources[0].excerpt"),
                GrpcErrors.violatedFields(e));
        assertEquals(rowsBefore, incidentRows(dataSource));
    }

    @Test
    void keepsTabsAndLineBreaksInTheSummaryAndExcerpts() {
        Incident dasu = IncidentFixtures.dasu();
        String summary = "A bus carrying workers was bombed.\r\n\r\nKilled:\t13\nChinese:\t9";
        String excerpt = "Last month's bombing near Karachi airport,\nwhich targeted two Chinese engineers";
        Incident sent = dasu.toBuilder().setSummary(summary)
                .setSources(0, dasu.getSources(0).toBuilder().setExcerpt(excerpt)).build();

        Incident created = incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(sent).build());

        Incident read = incidents.getIncident(GetIncidentRequest.newBuilder().setName(created.getName()).build());
        assertEquals(summary, read.getSummary());
        assertEquals(excerpt, read.getSources(0).getExcerpt());
    }
}
