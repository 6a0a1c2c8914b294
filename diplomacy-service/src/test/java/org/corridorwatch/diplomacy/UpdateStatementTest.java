package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.StatementFixtures.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import com.google.rpc.ResourceInfo;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UpdateStatementTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    private Statement create(Statement statement) {
        return statements.createStatement(CreateStatementRequest.newBuilder().setStatement(statement).build());
    }

    private Statement update(Statement patch, String... paths) {
        return statements.updateStatement(UpdateStatementRequest.newBuilder().setStatement(patch)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build());
    }

    private Statement get(String name) {
        return statements.getStatement(GetStatementRequest.newBuilder().setName(name).build());
    }

    @Test
    void changesOnlyTheMaskedFieldsAndTheEtag() {
        Statement original = create(StatementFixtures.tararOnGround());
        Statement patch = Statement.newBuilder().setName(original.getName()).setEtag(original.getEtag())
                .setSpeakerRole("Federal Minister for Information and Broadcasting")
                .addTopics(topic("joint-security", Stance.STANCE_RULES_OUT))
                .addTopics(topic("chinese-security-personnel", Stance.STANCE_RULES_OUT))
                .setSummary("this must not be applied: summary is not in the mask").build();

        Statement updated = update(patch, "speaker_role", "topics");

        assertEquals("Federal Minister for Information and Broadcasting", updated.getSpeakerRole());
        // Reordered topics swap places in their table: the uniqueness check must not trip over it.
        assertEquals(patch.getTopicsList(), updated.getTopicsList());
        assertEquals(original.getSummary(), updated.getSummary());
        assertNotEquals(original.getEtag(), updated.getEtag());
        assertEquals(original.getCreateTime(), updated.getCreateTime());
        assertEquals(updated, get(original.getName()));
    }

    @Test
    void ignoresOutputOnlyFieldsInTheMask() {
        Statement original = create(StatementFixtures.tararConcern());
        Statement patch = original.toBuilder().setCreateTime(Timestamp.newBuilder().setSeconds(1))
                .setSettingDetail("Arab News interview in Islamabad").build();

        Statement updated = update(patch, "create_time", "setting_detail");

        assertEquals("Arab News interview in Islamabad", updated.getSettingDetail());
        assertEquals(original.getCreateTime(), updated.getCreateTime());
    }

    @Test
    void theStatementAsChangedMustSatisfyEveryRule() {
        Statement original = create(StatementFixtures.tararConcern());
        // Turning a quote into "declined to comment" while keeping its words is contradictory.
        Statement patch = original.toBuilder().setKind(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT).build();

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(patch, "kind"));

        assertEquals(Set.of("statement.text", "statement.language_code"), GrpcErrors.violatedFields(e));
        assertEquals(original, get(original.getName()));
        // Changing all three together is fine.
        Statement silent = update(patch.toBuilder().clearText().clearLanguageCode().build(), "kind", "text",
                "language_code");
        assertEquals("", silent.getText());
    }

    @Test
    void refusesAStaleEtagAndKeepsTheNewerVersion() {
        Statement original = create(StatementFixtures.tararRelocation());
        Statement newer = update(original.toBuilder().setSummary("first edit").build(), "summary");

        StatusRuntimeException e = assertFails(Status.Code.ABORTED,
                () -> update(original.toBuilder().setSummary("stale edit").build(), "summary"));

        assertEquals("ETAG_MISMATCH", GrpcErrors.errorInfo(e).getReason());
        assertEquals(newer, get(original.getName()));
    }

    @Test
    void refusesAMissingMaskUnknownPathsAndBadNames() {
        Statement original = create(StatementFixtures.tararRelocation());

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(original));
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> update(original, "summary", "quote", "topics.stance"));
        assertEquals(Set.of("update_mask"), GrpcErrors.violatedFields(e));
        assertEquals(2, GrpcErrors.detail(e, com.google.rpc.BadRequest.class).getFieldViolationsCount());
        e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> update(original.toBuilder().setName("incidents/x").build(), "summary"));
        assertEquals(Set.of("statement.name"), GrpcErrors.violatedFields(e));
        assertEquals(original, get(original.getName()));
    }

    @Test
    void updatingAStatementThatDoesNotExistIsNotFound() {
        StatusRuntimeException e = assertFails(Status.Code.NOT_FOUND, () -> update(
                StatementFixtures.tararConcern().toBuilder().setName("statements/never-said").build(), "summary"));
        assertEquals("statements/never-said", GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }
}
