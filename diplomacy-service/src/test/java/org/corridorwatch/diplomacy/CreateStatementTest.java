package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.DiplomacyTestSupport.statementRows;
import static org.corridorwatch.diplomacy.StatementFixtures.date;
import static org.corridorwatch.diplomacy.StatementFixtures.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.FakeBatchGetService;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.TopicStance;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CreateStatementTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    @Inject
    DataSource dataSource;

    /** Both services up and no calls recorded before each test (other classes' calls are in them too) and after. */
    @BeforeEach
    @AfterEach
    void servicesUpWithNoCallsRecorded() {
        ReferencedServices.reset();
    }

    @Test
    void createsAStatementAndReturnsItAsStored() {
        String incident = StatementFixtures.marker();
        String deal = StatementFixtures.existingDeal();
        Statement sent = StatementFixtures.tararOnGround().toBuilder().addIncidents(incident).addDeals(deal).build();
        Instant before = Instant.now().minusSeconds(1);

        Statement created = statements.createStatement(CreateStatementRequest.newBuilder().setStatement(sent).build());

        assertTrue(created.getName().matches("statements/[0-9a-f-]{36}"), created.getName());
        assertFalse(created.getEtag().isEmpty());
        assertTrue(created.getCreateTime().getSeconds() >= before.getEpochSecond());
        assertEquals(created.getCreateTime(), created.getUpdateTime());
        // Everything the client sent comes back, the partial date with its precision.
        assertEquals(sent.toBuilder().setName(created.getName()).setEtag(created.getEtag())
                .setCreateTime(created.getCreateTime()).setUpdateTime(created.getUpdateTime()).build(), created);
        assertEquals(date(2025, 9, 0), created.getStatementDate());
        assertEquals(created, statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName()).build()));
    }

    @Test
    void recordsSilenceWithoutWords() {
        String marker = StatementFixtures.marker();
        Statement declined = DiplomacyTestSupport.create(statements, StatementFixtures.isprDeclined(), marker);
        Statement noAnswer = DiplomacyTestSupport.create(statements, StatementFixtures.planningDidNotRespond(), marker);

        assertEquals(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT, declined.getKind());
        assertEquals("", declined.getText());
        assertEquals("Inter-Services Public Relations", declined.getOrganization());
        assertEquals(StatementKind.STATEMENT_KIND_DID_NOT_RESPOND, noAnswer.getKind());
        assertEquals(0, noAnswer.getTopicsCount());
    }

    @Test
    void usesTheClientChosenIdAndRefusesItTwice() {
        String id = "tarar-" + UUID.randomUUID().toString().substring(0, 8);
        CreateStatementRequest request = CreateStatementRequest.newBuilder()
                .setStatement(StatementFixtures.tararMl1()).setStatementId(id).build();
        assertEquals("statements/" + id, statements.createStatement(request).getName());

        StatusRuntimeException e = assertFails(Status.Code.ALREADY_EXISTS, () -> statements.createStatement(request));
        assertEquals("RESOURCE_ALREADY_EXISTS", GrpcErrors.errorInfo(e).getReason());
        assertEquals("statements/" + id, GrpcErrors.detail(e, ResourceInfo.class).getResourceName());
    }

    @Test
    void aRetriedCreateReturnsTheOriginalEvenWhileTheReferencedServicesAreDown() throws Exception {
        CreateStatementRequest request = CreateStatementRequest.newBuilder()
                .setStatement(StatementFixtures.tararMl1().toBuilder().addIncidents(StatementFixtures.marker())
                        .addDeals(StatementFixtures.existingDeal()))
                .setRequestId(UUID.randomUUID().toString()).build();
        long rowsBefore = statementRows(dataSource);
        Statement first = statements.createStatement(request);

        // The answer was lost, the client retries, and meanwhile the other services went down:
        // the retry is answered from what the first call wrote, without asking them again.
        ReferencedServices.reset();
        ReferencedServices.INCIDENTS.mode(FakeBatchGetService.Mode.DOWN);
        ReferencedServices.DEALS.mode(FakeBatchGetService.Mode.DOWN);
        Statement retry = statements.createStatement(request);

        assertEquals(first, retry);
        assertEquals(rowsBefore + 1, statementRows(dataSource));
        assertEquals(List.of(), ReferencedServices.INCIDENTS.calls());
    }

    @Test
    void refusesAStatementWithEveryViolationListedAndWritesNothing() throws Exception {
        String id = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        Statement bad = Statement.newBuilder()
                .setSpeaker("x".repeat(201))
                .setCountryCode("Pakistan")
                .setStatementDate(date(2023, 2, 29))
                .setSettingValue(42)
                .setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE)
                .setLanguageCode("English")
                .setSummary("PostgreSQL cannot store \u0000 in text")
                .addTopics(topic("Joint Security", Stance.STANCE_SUPPORTS))
                .addTopics(TopicStance.newBuilder().setTopic("ml-1"))
                .addTopics(topic("ml-1", Stance.STANCE_OPPOSES))
                .addIncidents("incident/dasu")
                .addDeals("deals/ml-1").addDeals("deals/ml-1")
                .addSources(Source.newBuilder().setUrl("ftp://example.org/report").setPublishedDate(date(2024, 13, 0)))
                .build();
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.createStatement(
                CreateStatementRequest.newBuilder().setStatement(bad).setStatementId(id).setRequestId("not-a-uuid")
                        .build()));

        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals("INVALID_ARGUMENT", info.getReason());
        assertEquals("diplomacy.corridorwatch.org", info.getDomain());
        assertEquals(Set.of(
                "statement.speaker", "statement.country_code", "statement.statement_date", "statement.setting",
                "statement.text", "statement.language_code", "statement.summary",
                "statement.topics[0].topic", "statement.topics[1].stance", "statement.topics[2].topic",
                "statement.incidents[0]", "statement.deals[1]",
                "statement.sources[0].outlet", "statement.sources[0].url", "statement.sources[0].published_date",
                "request_id"), GrpcErrors.violatedFields(e));
        assertEquals(rowsBefore, statementRows(dataSource));
        assertFails(Status.Code.NOT_FOUND,
                () -> statements.getStatement(GetStatementRequest.newBuilder().setName("statements/" + id).build()));
        // A request refused for its form never reaches the other services.
        assertEquals(List.of(), ReferencedServices.DEALS.calls());
    }

    @Test
    void refusesWordsForSilenceAndSilenceWithoutASpeaker() {
        Statement words = StatementFixtures.isprDeclined().toBuilder().setText("No comment.").setLanguageCode("en")
                .build();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.createStatement(CreateStatementRequest.newBuilder().setStatement(words).build()));
        assertEquals(Set.of("statement.text", "statement.language_code"), GrpcErrors.violatedFields(e));

        Statement nobody = StatementFixtures.planningDidNotRespond().toBuilder().clearOrganization().build();
        e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.createStatement(CreateStatementRequest.newBuilder().setStatement(nobody).build()));
        assertEquals(Set.of("statement.organization"), GrpcErrors.violatedFields(e));
    }

    @Test
    void refusesMissingRequiredPartsAndFutureDates() {
        LocalDate nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        Statement bad = StatementFixtures.tararConcern().toBuilder().clearSources().clearCountryCode().clearKind()
                .setStatementDate(date(nextYear.getYear(), 1, 1)).build();

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.createStatement(
                CreateStatementRequest.newBuilder().setStatement(bad).setStatementId("-bad-id").build()));

        assertEquals(Set.of("statement.sources", "statement.country_code", "statement.kind",
                "statement.statement_date", "statement_id"), GrpcErrors.violatedFields(e));
    }

    @Test
    void refusesOversizedLists() {
        Statement.Builder bad = StatementFixtures.tararConcern().toBuilder();
        for (int i = 0; i < 21; i++) {
            bad.addTopics(topic("topic-" + i, Stance.STANCE_NEUTRAL));
        }
        for (int i = 0; i < 51; i++) {
            bad.addDeals("deals/d-" + i);
        }
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT,
                () -> statements.createStatement(CreateStatementRequest.newBuilder().setStatement(bad).build()));
        assertEquals(Set.of("statement.topics", "statement.deals"), GrpcErrors.violatedFields(e));
    }
}
