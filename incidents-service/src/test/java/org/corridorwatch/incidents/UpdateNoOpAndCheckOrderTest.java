package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The standard Update's order of checks and its no-op rule, as every service answers them
 * (StandardMethods): an update that changes nothing writes nothing, and a bad mask is refused before
 * the record is looked up.
 */
@QuarkusTest
class UpdateNoOpAndCheckOrderTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @Test
    void aMaskOfOnlyOutputOnlyFieldsChangesNothingAndKeepsTheEtag() {
        Incident original = create();
        Incident answer = update(original.toBuilder().setEtag("").setCreateTime(Timestamp.newBuilder().setSeconds(1))
                .build(), "create_time", "update_time", "etag");

        assertEquals(original, answer);
        assertEquals(original, get(original.getName()));
    }

    @Test
    void settingFieldsToTheirCurrentValuesChangesNothing() {
        Incident original = create();
        Incident answer = update(original, "title", "summary", "place");

        assertEquals(original.getEtag(), answer.getEtag());
        assertEquals(original.getUpdateTime(), answer.getUpdateTime());
        assertEquals(original, get(original.getName()));
    }

    @Test
    void aStaleEtagIsAbortedEvenWhenNothingWouldChange() {
        Incident original = create();
        update(original.toBuilder().setTitle("Renamed").build(), "title");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(original, "title"));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
    }

    @Test
    void aBadMaskIsInvalidArgumentBeforeTheRecordIsLookedUp() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(
                Incident.newBuilder().setName("incidents/does-not-exist").build(), "no_such_field"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
    }

    private Incident create() {
        return incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu()).build());
    }

    private Incident get(String name) {
        return incidents.getIncident(GetIncidentRequest.newBuilder().setName(name).build());
    }

    private Incident update(Incident patch, String... paths) {
        return incidents.updateIncident(UpdateIncidentRequest.newBuilder().setIncident(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }
}
