package org.corridorwatch.diplomacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
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

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Test
    void aMaskOfOnlyOutputOnlyFieldsChangesNothingAndKeepsTheEtag() {
        Statement original = create();
        Statement answer = update(original.toBuilder().setEtag("").setCreateTime(Timestamp.newBuilder().setSeconds(1))
                .build(), "create_time", "update_time", "etag");

        assertEquals(original, answer);
        assertEquals(original, get(original.getName()));
    }

    @Test
    void settingFieldsToTheirCurrentValuesChangesNothing() {
        Statement original = create();
        Statement answer = update(original, "speaker", "text", "topics", "deals");

        assertEquals(original.getEtag(), answer.getEtag());
        assertEquals(original.getUpdateTime(), answer.getUpdateTime());
        assertEquals(original, get(original.getName()));
    }

    @Test
    void aStaleEtagIsAbortedEvenWhenNothingWouldChange() {
        Statement original = create();
        update(original.toBuilder().setSpeakerRole("Renamed").build(), "speaker_role");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(original, "speaker_role"));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
    }

    @Test
    void aBadMaskIsInvalidArgumentBeforeTheRecordIsLookedUp() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(
                Statement.newBuilder().setName("statements/does-not-exist").build(), "no_such_field"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
    }

    private Statement create() {
        return statements.createStatement(CreateStatementRequest.newBuilder().setStatement(StatementFixtures.tararConcern()).build());
    }

    private Statement get(String name) {
        return statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
    }

    private Statement update(Statement patch, String... paths) {
        return statements.updateStatement(UpdateStatementRequest.newBuilder().setStatement(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }
}
