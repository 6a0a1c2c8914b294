package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealChange;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.WatchDealsRequest;
import org.corridorwatch.support.auth.Roles;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * What happens when a part of the system goes away: a stopped service makes the writes that need
 * it fail with UNAVAILABLE while reads elsewhere keep working; a stopped database makes every
 * service report NOT_SERVING until it returns, a write refused meanwhile can be retried safely, and
 * nothing acknowledged is lost.
 */
class OutageTest {

    private static SystemUnderTest system;
    private static IncidentServiceBlockingStub incidents;
    private static DealServiceBlockingStub deals;
    private static StatementServiceBlockingStub statements;

    @BeforeAll
    static void connect() {
        system = SystemUnderTest.get();
        incidents = IncidentServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INCIDENTS, Roles.EDITOR));
        deals = DealServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.INVESTMENTS, Roles.EDITOR));
        statements = StatementServiceGrpc.newBlockingStub(system.channel(SystemUnderTest.DIPLOMACY, Roles.EDITOR));
    }

    @Test
    void withInvestmentsStoppedWritesCitingDealsFailUnavailableAndReadsKeepWorking() throws InterruptedException {
        assumeTrue(system.controllable(), "needs CORRIDORWATCH_STACK_CONTROL=docker-compose (or the local stack)");
        String marker = Records.uniqueId("outage");
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(Records.deal(marker)).build());
        CreateStatementRequest citingTheDeal = CreateStatementRequest.newBuilder()
                .setStatement(Records.statement(marker, "", deal.getName()))
                .setRequestId(UUID.randomUUID().toString()).build();

        system.control().stopService(SystemUnderTest.INVESTMENTS);
        try {
            assertFails(Status.Code.UNAVAILABLE, () -> statements.createStatement(citingTheDeal));
            assertFails(Status.Code.UNAVAILABLE, () -> incidents.createIncident(CreateIncidentRequest.newBuilder()
                    .setIncident(Records.incident(deal.getName())).build()));
            // Reads, and writes that cite no deal, do not need investments-service.
            statements.getStatement(GetStatementRequest.newBuilder()
                    .setName("statements/tarar-2025-09-ml-1-no-negativity").build());
            statements.listStatements(ListStatementsRequest.newBuilder().setPageSize(5).build());
            incidents.getIncident(GetIncidentRequest.newBuilder().setName("incidents/dasu-bus-bombing-2021").build());
            incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(Records.incident("")).build());
        } finally {
            system.control().startService(SystemUnderTest.INVESTMENTS);
        }

        // The refused write was not stored half-checked: retried now, it goes through once.
        Statement created = SystemUnderTest.retryWhileUnavailable(() -> statements.createStatement(citingTheDeal),
                Duration.ofSeconds(30));
        assertEquals(created, statements.createStatement(citingTheDeal));
        // incidents-service's channel to investments-service failed to connect during the outage
        // and backs off before trying again; a write citing a deal works at once all the same.
        incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(Records.incident(deal.getName()))
                .build());
    }

    @Test
    void withTheDatabaseGoneEveryServiceIsNotServingAndNoAcknowledgedWriteIsLost() throws Exception {
        assumeTrue(system.controllable(), "needs CORRIDORWATCH_STACK_CONTROL=docker-compose (or the local stack)");
        String marker = Records.uniqueId("durable");
        Deal deal = deals.createDeal(CreateDealRequest.newBuilder().setDeal(Records.deal(marker)).build());
        Incident incident = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(Records.incident(deal.getName())).build());
        Statement statement = statements.createStatement(CreateStatementRequest.newBuilder()
                .setStatement(Records.statement(marker, incident.getName(), deal.getName())).build());
        // A write attempted during the outage, by a client that retries it with the same request_id;
        // its own party name, to find it by below. No deal_id: the server picks the name, so only
        // the request_id can make the retries return the same deal.
        String outageMarker = Records.uniqueId("during-outage");
        CreateDealRequest duringOutage = CreateDealRequest.newBuilder().setDeal(Records.deal(outageMarker))
                .setRequestId(UUID.randomUUID().toString()).build();

        system.control().stopDatabase();
        try {
            for (String service : SystemUnderTest.SERVICES) {
                system.awaitHealth(service, ServingStatus.NOT_SERVING, Duration.ofSeconds(60));
            }
            assertFails(Status.Code.UNAVAILABLE, () -> deals.getDeal(GetDealRequest.newBuilder()
                    .setName(deal.getName()).build()));
            assertFails(Status.Code.UNAVAILABLE, () -> deals.createDeal(duringOutage));
        } finally {
            system.control().startDatabase();
        }
        for (String service : SystemUnderTest.SERVICES) {
            system.awaitHealth(service, ServingStatus.SERVING, Duration.ofSeconds(60));
        }

        assertEquals(deal, deals.getDeal(GetDealRequest.newBuilder().setName(deal.getName()).build()));
        assertEquals(incident, incidents.getIncident(GetIncidentRequest.newBuilder().setName(incident.getName())
                .build()));
        assertEquals(statement, statements.getStatement(GetStatementRequest.newBuilder()
                .setName(statement.getName()).build()));

        // The write refused during the outage goes through now, and once only: a second retry returns
        // the same deal, and exactly one deal with its party exists.
        Deal created = deals.createDeal(duringOutage);
        assertEquals(created, deals.createDeal(duringOutage));
        assertEquals(created, deals.getDeal(GetDealRequest.newBuilder().setName(created.getName()).build()));
        assertEquals(List.of(created), deals.listDeals(ListDealsRequest.newBuilder()
                .setFilter(DealFilter.newBuilder().setParty(outageMarker)).build()).getDealsList());
    }

    /**
     * A restart ends the change feed cleanly (Watch's contract): the open stream ends with
     * UNAVAILABLE SHUTTING_DOWN, and a client that watches again from the last token it received
     * gets the next change, nothing before it again.
     */
    @Test
    void aRestartEndsWatchStreamsWithShuttingDownAndTheyResumeFromTheirToken() throws Exception {
        assumeTrue(system.controllable(), "needs CORRIDORWATCH_STACK_CONTROL=docker-compose (or the local stack)");
        DealServiceBlockingStub watcher = DealServiceGrpc.newBlockingStub(
                system.channel(SystemUnderTest.INVESTMENTS, Roles.READER));
        Deal before = deals.createDeal(CreateDealRequest.newBuilder()
                .setDeal(Records.deal(Records.uniqueId("before-restart"))).build());
        Iterator<DealChange> stream = watcher.withDeadlineAfter(120, TimeUnit.SECONDS)
                .watchDeals(WatchDealsRequest.getDefaultInstance());
        String token = null;
        while (token == null) {
            DealChange change = stream.next();
            if (change.getDeal().getName().equals(before.getName())) {
                token = change.getResumeToken();
            }
        }

        system.control().stopService(SystemUnderTest.INVESTMENTS);
        StatusRuntimeException ended;
        try {
            ended = assertThrows(StatusRuntimeException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
        } finally {
            system.control().startService(SystemUnderTest.INVESTMENTS);
        }
        assertEquals(Status.Code.UNAVAILABLE, ended.getStatus().getCode(), () -> "status was " + ended.getStatus());
        assertEquals(List.of("SHUTTING_DOWN"), StatusProto.fromThrowable(ended).getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class)).map(OutageTest::reason).toList());

        Deal after = SystemUnderTest.retryWhileUnavailable(() -> deals.createDeal(CreateDealRequest.newBuilder()
                .setDeal(Records.deal(Records.uniqueId("after-restart"))).build()), Duration.ofSeconds(30));
        DealChange next = watcher.withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchDeals(WatchDealsRequest.newBuilder().setResumeToken(token).build()).next();
        assertEquals(after.getName(), next.getDeal().getName());
    }

    private static String reason(Any detail) {
        try {
            return detail.unpack(ErrorInfo.class).getReason();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertFails(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status was " + e.getStatus());
    }
}
