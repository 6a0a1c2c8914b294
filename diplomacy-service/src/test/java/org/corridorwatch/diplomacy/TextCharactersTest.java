package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.DiplomacyTestSupport.statementRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Control and bidi characters, which would let a record rewrite an analyst's terminal, are refused. */
@QuarkusTest
class TextCharactersTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Inject
    DataSource dataSource;

    private static CreateStatementRequest create(Statement statement) {
        return CreateStatementRequest.newBuilder()
                .setStatement(statement.toBuilder().addIncidents(StatementFixtures.marker())).build();
    }

    @Test
    void refusesAnEscapeSequenceInASourceTitleAndWritesNothing() throws Exception {
        Statement tarar = StatementFixtures.tararOnGround();
        // Turns the rest of the terminal's output invisible.
        Statement bad = tarar.toBuilder().setSources(0, tarar.getSources(0).toBuilder()
                .setTitle("Pakistan rules out joint security force\u001b[8m")).build();
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.createStatement(create(bad)));

        assertEquals(List.of(FieldViolation.newBuilder().setField("statement.sources[0].title")
                .setDescription("must not contain control characters (found U+001B at offset 39)").build()),
                GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList());
        assertEquals(rowsBefore, statementRows(dataSource));
    }

    @Test
    void namesEveryFieldWithARefusedCharacter() throws Exception {
        Statement bad = StatementFixtures.tararOnGround().toBuilder()
                .setSpeaker("Attaullah\u0000Tarar")
                .setSpeakerRole("Information Minister\u202e")
                .setOrganization("Ministry of Information\nand Broadcasting")
                .setSettingDetail("interview\u0085with Arab News")
                .setText("But with regard to on-ground security\u001b[2J")
                .setSummary("Rules out\rChinese security personnel.")
                .build();
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.createStatement(create(bad)));

        assertEquals(Set.of("statement.speaker", "statement.speaker_role", "statement.organization",
                "statement.setting_detail", "statement.text", "statement.summary"), GrpcErrors.violatedFields(e));
        assertEquals(rowsBefore, statementRows(dataSource));
    }

    @Test
    void aQuoteKeepsItsParagraphs() {
        String text = "But with regard to on-ground security,\r\n"
                + "I think Pakistani security forces are well equipped.\n\n"
                + "\tThey\u2019re already dealing with it.";
        Statement created = statements.createStatement(create(StatementFixtures.tararOnGround().toBuilder()
                .setText(text).build()));

        assertEquals(text, statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName())
                .build()).getText());
    }
}
