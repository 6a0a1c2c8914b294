package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.DiplomacyTestSupport.statementRows;
import static org.corridorwatch.diplomacy.ReferencedServices.DEALS;
import static org.corridorwatch.diplomacy.ReferencedServices.INCIDENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.testing.Await;
import org.corridorwatch.testing.FakeBatchGetService.Mode;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.DeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.diplomacy.v1.UndeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * References to incidents and deals, checked with the fake incidents- and investments-service
 * (ReferencedServices): found, missing, down, slow, flaky; and reads that never need them.
 */
@QuarkusTest
class StatementReferencesTest {

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

    private Statement create(Statement statement) {
        return statements.createStatement(CreateStatementRequest.newBuilder().setStatement(statement).build());
    }

    private static Map<String, String> violations(StatusRuntimeException e) {
        return GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList().stream()
                .collect(Collectors.toMap(v -> v.getField(), v -> v.getDescription()));
    }

    @Test
    void referencesThatExistAreCheckedOnceEachAndStored() {
        String incident = StatementFixtures.marker();
        String ml1 = StatementFixtures.existingDeal();
        String minerals = StatementFixtures.existingDeal();

        Statement created = create(StatementFixtures.tararMl1().toBuilder().addIncidents(incident).addDeals(ml1)
                .addDeals(minerals).build());

        assertEquals(List.of(incident), created.getIncidentsList());
        assertEquals(List.of(ml1, minerals), created.getDealsList());
        assertEquals(List.of(List.of(incident)), INCIDENTS.calls());
        assertEquals(List.of(List.of(ml1, minerals)), DEALS.calls());
    }

    @Test
    void aStatementWithoutReferencesAsksNoOtherService() {
        INCIDENTS.mode(Mode.DOWN);
        DEALS.mode(Mode.DOWN);

        Statement created = create(StatementFixtures.tararUsTies());

        assertEquals(0, created.getIncidentsCount());
        assertEquals(List.of(), INCIDENTS.calls());
        assertEquals(List.of(), DEALS.calls());
    }

    @Test
    void missingIncidentsAndDealsAreInvalidArgumentsNamingEachAndNothingIsWritten() throws Exception {
        String incident = StatementFixtures.marker();
        String deal = StatementFixtures.existingDeal();
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> create(StatementFixtures
                .tararOnGround().toBuilder().addIncidents("incidents/never-happened").addIncidents(incident)
                .addDeals(deal).addDeals("deals/never-signed").addDeals("deals/also-never-signed").build()));

        assertEquals(Map.of(
                "statement.incidents[0]", "incidents/never-happened does not exist",
                "statement.deals[1]", "deals/never-signed does not exist",
                "statement.deals[2]", "deals/also-never-signed does not exist"), violations(e));
        assertEquals("diplomacy.corridorwatch.org", GrpcErrors.errorInfo(e).getDomain());
        assertEquals(rowsBefore, statementRows(dataSource));
    }

    @Test
    void aReferencedServiceThatIsDownFailsTheWriteAsUnavailableAfterBoundedRetries() throws Exception {
        String incident = StatementFixtures.marker();
        String deal = StatementFixtures.existingDeal();
        DEALS.mode(Mode.DOWN);
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.UNAVAILABLE,
                () -> create(StatementFixtures.tararMl1().toBuilder().addIncidents(incident).addDeals(deal).build()));

        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals("REFERENCED_SERVICE_UNAVAILABLE", info.getReason());
        assertEquals("diplomacy.corridorwatch.org", info.getDomain());
        assertEquals("investments-service", info.getMetadataOrThrow("service"));
        assertEquals(3, DEALS.calls().size(), "corridorwatch.references.attempts");
        assertEquals(rowsBefore, statementRows(dataSource));
    }

    @Test
    void aReferencedServiceSlowerThanTheDeadlineFailsTheWriteAsUnavailable() throws Exception {
        String incident = StatementFixtures.marker();
        INCIDENTS.mode(Mode.SLOW);
        long rowsBefore = statementRows(dataSource);

        StatusRuntimeException e = assertFails(Status.Code.UNAVAILABLE,
                () -> create(StatementFixtures.tararConcern().toBuilder().addIncidents(incident).build()));

        assertEquals("REFERENCED_SERVICE_UNAVAILABLE", GrpcErrors.errorInfo(e).getReason());
        assertEquals("incidents-service", GrpcErrors.errorInfo(e).getMetadataOrThrow("service"));
        // The deadline is not retried: one call only.
        assertEquals(1, INCIDENTS.calls().size());
        // Even once the slow answer ("it exists") has come, nothing was written.
        Thread.sleep(ReferencedServices.SLOW_ANSWER_MILLIS);
        assertEquals(rowsBefore, statementRows(dataSource));
    }

    @Test
    void aBriefOutageIsRiddenOutByTheRetries() {
        String incident = StatementFixtures.marker();
        INCIDENTS.failNext(2);

        Statement created = create(StatementFixtures.tararConcern().toBuilder().addIncidents(incident).build());

        assertEquals(List.of(incident), created.getIncidentsList());
        assertEquals(3, INCIDENTS.calls().size());
    }

    @Test
    void readsWorkWhileTheReferencedServicesAreDown() {
        String incident = StatementFixtures.marker();
        Statement created = create(StatementFixtures.tararOnGround().toBuilder().addIncidents(incident).build());
        ReferencedServices.reset();
        INCIDENTS.mode(Mode.DOWN);
        DEALS.mode(Mode.DOWN);
        StatementFilter mine = StatementFilter.newBuilder().setIncident(incident).build();

        assertEquals(created, statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName())
                .build()));
        assertEquals(List.of(created), statements.listStatements(ListStatementsRequest.newBuilder().setFilter(mine)
                .build()).getStatementsList());
        assertEquals(created, statements.searchStatements(SearchStatementsRequest.newBuilder().setQuery("armed forces")
                .setFilter(mine).build()).getResults(0).getStatement());
        assertEquals(1, statements.getPositionTimeline(GetPositionTimelineRequest.newBuilder()
                .setTopic("chinese-security-personnel").setPageSize(1000).build()).getEntriesList().stream()
                .filter(entry -> entry.getStatement().equals(created)).count());
        assertEquals(List.of(), INCIDENTS.calls());
    }

    @Test
    void anUpdateChecksOnlyTheReferencesTheStatementDidNotHave() {
        String incident = StatementFixtures.marker();
        String deal = StatementFixtures.existingDeal();
        Statement created = create(StatementFixtures.tararMl1().toBuilder().addIncidents(incident).build());
        ReferencedServices.reset();

        Statement updated = statements.updateStatement(UpdateStatementRequest.newBuilder()
                .setStatement(created.toBuilder().addDeals(deal))
                .setUpdateMask(FieldMask.newBuilder().addPaths("incidents").addPaths("deals")).build());

        assertEquals(List.of(deal), updated.getDealsList());
        assertEquals(List.of(List.of(deal)), DEALS.calls());
        assertEquals(List.of(), INCIDENTS.calls(), "the incident was checked when it was first written");
    }

    @Test
    void anUpdateAddingAMissingReferenceIsRefusedAndChangesNothing() {
        Statement created = create(StatementFixtures.tararMl1().toBuilder()
                .addIncidents(StatementFixtures.marker()).build());

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.updateStatement(
                UpdateStatementRequest.newBuilder()
                        .setStatement(created.toBuilder().setSummary("changed").addDeals("deals/never-signed"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("summary").addPaths("deals")).build()));

        assertEquals(Map.of("statement.deals[0]", "deals/never-signed does not exist"), violations(e));
        assertEquals(created, statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName())
                .build()));
    }

    @Test
    void anUpdateNeedsTheOtherServicesOnlyForNewReferences() {
        Statement created = create(StatementFixtures.tararMl1().toBuilder()
                .addIncidents(StatementFixtures.marker()).build());
        String deal = StatementFixtures.existingDeal();
        INCIDENTS.mode(Mode.DOWN);
        DEALS.mode(Mode.DOWN);

        // A summary edit goes through while both are down (the stored incident is not asked about again) ...
        Statement edited = statements.updateStatement(UpdateStatementRequest.newBuilder()
                .setStatement(created.toBuilder().setSummary("Expects Chinese facilitation of ML-1."))
                .setUpdateMask(FieldMask.newBuilder().addPaths("*")).build());
        assertEquals("Expects Chinese facilitation of ML-1.", edited.getSummary());

        // ... but a new deal cannot be checked, so it is not stored.
        StatusRuntimeException e = assertFails(Status.Code.UNAVAILABLE, () -> statements.updateStatement(
                UpdateStatementRequest.newBuilder().setStatement(edited.toBuilder().addDeals(deal))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("deals")).build()));
        assertEquals("REFERENCED_SERVICE_UNAVAILABLE", GrpcErrors.errorInfo(e).getReason());
        assertEquals(edited, statements.getStatement(GetStatementRequest.newBuilder().setName(created.getName())
                .build()));
    }

    /**
     * What an update checked is what it writes: when the statement changes while the update waits
     * for its reference check (here: deleted and undeleted, which restores the same content under a
     * new etag), the update is ABORTED and the statement stays as the undelete left it.
     */
    @Test
    void anUpdateWhoseStatementWasDeletedAndRestoredDuringItsCheckIsAbortedAndWritesNothing() throws Exception {
        Statement original = create(StatementFixtures.tararMl1());
        // Delete and undelete run once first, so that, held below, they fit in the check's deadline.
        Statement warmUp = create(StatementFixtures.tararMl1());
        statements.deleteStatement(DeleteStatementRequest.newBuilder().setName(warmUp.getName()).build());
        statements.undeleteStatement(UndeleteStatementRequest.newBuilder().setName(warmUp.getName()).build());
        String incident = StatementFixtures.marker();
        INCIDENTS.hold();
        CompletableFuture<Statement> update = CompletableFuture.supplyAsync(() -> statements.updateStatement(
                UpdateStatementRequest.newBuilder().setStatement(original.toBuilder().addIncidents(incident))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("incidents")).build()));
        Await.until("the update's reference check", Duration.ofSeconds(10), () -> !INCIDENTS.calls().isEmpty());

        statements.deleteStatement(DeleteStatementRequest.newBuilder().setName(original.getName()).build());
        Statement replacement = statements.undeleteStatement(UndeleteStatementRequest.newBuilder()
                .setName(original.getName()).build());
        INCIDENTS.release();

        ExecutionException e = assertThrows(ExecutionException.class, () -> update.get(20, TimeUnit.SECONDS));
        assertEquals(Status.Code.ABORTED, Status.fromThrowable(e.getCause()).getCode());
        assertEquals(replacement, statements.getStatement(GetStatementRequest.newBuilder()
                .setName(original.getName()).build()));
    }
}
